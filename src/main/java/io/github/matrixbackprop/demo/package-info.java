/** The runnable example behind the README's main-job command. */
package io.github.matrixbackprop.demo;
