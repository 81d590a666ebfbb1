"""Rules of the privilege family."""
