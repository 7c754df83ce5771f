"""Intake rules: who may submit, what a valid submission is, references, duplicates."""
