"""Reads of the archive (the services write): the organisation on a given day and the rows of a register.

Selectors import models only, never services or views.
"""
