-- AlterEnum
ALTER TYPE "ReservationStatus" ADD VALUE 'COMMITTED';
