"""Imported by the fork server: builds the hazm pipeline once, so every
worker process forked from it starts with it ready."""

from helpers.normalization import get_pipeline

get_pipeline()
