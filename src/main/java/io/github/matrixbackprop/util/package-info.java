/** Argument and shape checks shared by every package (one place builds the error messages). */
package io.github.matrixbackprop.util;
