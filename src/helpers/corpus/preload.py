"""Imported by each worker process before its first task (the fork server
imports it once): builds the hazm pipeline, so every worker forked from it
starts with it ready."""

from helpers.corpus.normalization import get_pipeline

get_pipeline()
