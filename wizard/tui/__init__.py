"""The Textual interview (imported only by the interactive commands)."""
