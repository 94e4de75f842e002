/**
 * Models as they are used: the input scaling fitted on the training data, the network, and what
 * its outputs mean (class names in order, or plain values), so that predictions take raw features.
 */
package io.github.matrixbackprop.model;
