/**
 * Activations {@code f^l}: each gives its value, the product of its transposed Jacobian with a
 * vector (the step of (E1)/(E2) from {@code grad_a c} to {@code delta}), and its explicit
 * Jacobian for the reference engine. Batches are stored one sample per column.
 */
package io.github.matrixbackprop.activation;
