-- AlterTable
ALTER TABLE "StepProgress" ADD COLUMN     "reopenedAt" TIMESTAMP(3);
