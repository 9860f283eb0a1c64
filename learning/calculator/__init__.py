"""The housing-economics calculator on the web, a small domain of its own.

``models``: the rate sets editors maintain; ``forms``: the inputs of a scenario;
``scenarios``: a scenario's result on the rate set it names. Below the pages: an
article's StreamField block shows a scenario's key figures.
"""
