/**
 * ONNX export: {@link io.github.matrixbackprop.onnx.OnnxExporter} writes a network and its input
 * scaling, or a {@code model.Model}, as an ONNX model (opset 17 or newer, float64 or float32) that ONNX Runtime executes. The
 * only package that uses the ONNX protobuf classes of the optional dependency
 * {@code org.tribuo:tribuo-util-onnx}; see {@code docs/interop.md}.
 */
package io.github.matrixbackprop.onnx;
