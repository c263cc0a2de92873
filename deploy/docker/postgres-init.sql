-- Run by the postgres image on its first start only (empty data volume), from
-- /docker-entrypoint-initdb.d/ (see docker-compose.yml). One database per service, named
-- <DATABASE_PREFIX>_<service> with the compose file's DATABASE_PREFIX=shop.
-- `npm run db:migrate` (the migrate service) also creates any that are missing, so this only
-- makes them exist up front; the tables come from the Prisma migrations, never from here.
CREATE DATABASE shop_users;
CREATE DATABASE shop_products;
CREATE DATABASE shop_orders;
CREATE DATABASE shop_notifications;
