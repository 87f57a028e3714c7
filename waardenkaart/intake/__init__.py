"""Profile and content in: the school's profile, the handbook's texts and the layouts, validated on load."""
