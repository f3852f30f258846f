SELECT 1;
SELECT 'a' || 'b',
  2 * 3
;
-- comment
/* block */ SELECT NULL;
.help
