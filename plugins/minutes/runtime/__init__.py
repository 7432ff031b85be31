"""What runs the code: how work is spread over processes (`pool.py`).

The lowest layer: it imports nothing of minutes, and nothing of a documentation engine. The
core reads records through its `Mapper`, the CLI and the engine adapter pass `fork_map`.
"""
