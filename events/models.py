"""Gatherings, agendas, reports and registrations arrive with the events issue."""
