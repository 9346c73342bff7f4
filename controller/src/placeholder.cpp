namespace weir {}
