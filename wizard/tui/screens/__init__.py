"""The screens of the interview, one module each."""
