/**
 * Model files: models, networks and optimizer states in a versioned, checksummed binary format
 * ({@link io.github.matrixbackprop.io.ModelFiles}); and safetensors files, which PyTorch loads into
 * an {@code nn.Sequential} ({@link io.github.matrixbackprop.io.Safetensors}).
 */
package io.github.matrixbackprop.io;
