module gotmploracle

go 1.19
