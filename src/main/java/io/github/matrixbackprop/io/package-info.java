/** Model files: networks and optimizer states in a versioned, checksummed binary format. */
package io.github.matrixbackprop.io;
