"""Writes for citizen reception and petitions, one module per area; see base.py for the common rules."""
