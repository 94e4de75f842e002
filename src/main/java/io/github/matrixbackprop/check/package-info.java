/**
 * Independent proofs that the engine's gradients are right: central finite differences, the
 * explicit product of dense Jacobians, and {@link io.github.matrixbackprop.check.GradientCheck},
 * which compares the engine with either and reports where they differ most. Uses only the public
 * API of the engine.
 */
package io.github.matrixbackprop.check;
