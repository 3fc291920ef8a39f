"""The pooling engine: pure Python + NumPy/SciPy/HiGHS. It never imports Django."""
