/**
 * The Vector API micro-kernel. Compiled with {@code --add-modules jdk.incubator.vector}; loaded
 * by {@code io.github.matrixbackprop.kernel.Kernels} only after it has checked that the module is
 * in the boot layer.
 */
package io.github.matrixbackprop.kernel.vector;
