"""WeChat login and bearer tokens: who is calling, and whether their role may act (ORG-2).

What a caller may see is decided in app/org/scope.py.
"""
