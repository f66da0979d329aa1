"""hitnohit"""
