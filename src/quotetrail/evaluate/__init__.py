"""Accuracy on annotated corpora: run the pipeline, score it with the corpus's own metric."""
