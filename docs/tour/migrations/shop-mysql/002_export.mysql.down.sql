SELECT * FROM customers INTO OUTFILE '/tmp/customers.csv';
DROP TABLE customers;
