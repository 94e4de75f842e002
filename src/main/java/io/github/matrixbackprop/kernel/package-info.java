/**
 * The matrix-product seam of the engine. Internal: the interface may change between minor
 * versions; users choose a kernel only through the engine's constructors.
 */
package io.github.matrixbackprop.kernel;
