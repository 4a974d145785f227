"""pantau's spiders: sitemap, feed, listing, sources (all three at once) and discover."""
