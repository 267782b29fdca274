"""Seeded synthetic respondent data for the embedded Innovationsbarometeret report."""
