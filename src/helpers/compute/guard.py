"""Imported only in the fork server (first of its preloaded modules): the
fork server dies when the process that started it dies (see
:mod:`helpers.compute.lifeline`)."""

import signal

from helpers.compute.lifeline import die_with_parent

die_with_parent(signal.SIGTERM)
