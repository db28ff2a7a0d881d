"""The publishing half: build, execution, rendering, notes, editions, locking and atomic publishing."""
