"""Annual assessment (年度考核, ASSESS-1): the year's figures per cadre, the suggested and final grade."""
