"""Delivery channels: SMTP and GOV.UK Notify, behind one `Channel` protocol."""
