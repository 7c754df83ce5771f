"""Notifications: who must be told what, letter templates, anonymisation and delivery."""
