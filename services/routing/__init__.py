"""Routing: decides procedure, stage, category and owner for each strand of a complaint."""
