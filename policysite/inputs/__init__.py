"""Reading what people write: text files, YAML, the schema's field types, content and
school files, the rules, merging a school over the federation, git history, platform ages."""
