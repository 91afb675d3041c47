"""The audit cycle and its state: config, store, findings, commands."""
