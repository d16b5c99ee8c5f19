"""Training of the EAAWAS forecasting models: datasets, features, baselines, gate and ONNX export."""
