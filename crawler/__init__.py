"""Scrapy project: everything that touches the network."""
