-- AlterTable
ALTER TABLE "LabSession" ADD COLUMN     "resumeCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "WorkSnapshot" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "objects" JSONB NOT NULL,
    "homeArchive" TEXT NOT NULL,
    "homeFiles" TEXT[],
    "homeLeft" TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkSnapshot_sessionId_key" ON "WorkSnapshot"("sessionId");

-- AddForeignKey
ALTER TABLE "WorkSnapshot" ADD CONSTRAINT "WorkSnapshot_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LabSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;
