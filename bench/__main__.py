"""``python -m bench`` → the benchmark."""
from .run import main

main()
