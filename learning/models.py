"""Experience articles, good practices and presentations arrive with the learning issue."""
