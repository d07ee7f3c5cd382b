"""Downloaders (need internet): ``trade`` (IMF IMTS, UN Comtrade) and ``gdelt`` (GDELT 2.0
exports). Each caches what it downloads under ``data/raw`` with a manifest entry and hands
the parsing to its source's parser in ``analysis.sources``; parsers never import downloaders."""
