/** Layers (affine-linear potential plus activation) and their composition into a network. */
package io.github.matrixbackprop.network;
