"""``python -m rope_ref`` runs the ``rope-ref`` command."""

from rope_ref.cli import console_main

console_main()
