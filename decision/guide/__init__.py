"""The library behind the guided interview and "what if": which question to ask next, and what one changed
answer changes. Plain Python, so the app, a notebook and the tests share it."""
