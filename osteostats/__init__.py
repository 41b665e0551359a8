"""osteostats: reproducible statistics for the multi-modality vertebral compression
fracture study (osteoporotic vs osteolytic-metastatic), with a reviewer check, diagnosis
rules, Firth logistic models and reports."""

__version__ = "0.1.0"
