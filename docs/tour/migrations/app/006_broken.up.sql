-- Text the parser cannot read is reported, never passed silently.
CREATE TABLE broken (id int PRIMARY KEY;
SELECT 1;
