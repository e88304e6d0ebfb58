<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>reports</source>
        <translation>گزارش‌ها</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>حساب‌های کاربری</translation>
    </message>
    <message>
        <source>Owner and cashier accounts</source>
        <translation>حساب‌های مالک و صندوق‌دارها</translation>
    </message>
    <message>
        <source>The owner can do everything. A cashier registers members, records sales and redeems points up to the limit below; changing settings, adjusting points, exports, imports, merges, older reversals and larger redemptions need the owner&apos;s PIN. Everything is in the audit log with who did it.</source>
        <translation>مالک به همه‌چیز دسترسی دارد. صندوق‌دار عضو ثبت‌نام می‌کند، فروش ثبت می‌کند و تا سقف زیر امتیاز خرج می‌کند؛ تغییر تنظیمات، اصلاح امتیاز، خروجی گرفتن، ورود از فایل، یکی‌کردن اعضا، ابطال خریدهای قدیمی‌تر و خرج امتیاز بیش از سقف به رمز ورود مالک نیاز دارد. همهٔ کارها با نام انجام‌دهنده در گزارش رویدادها ثبت می‌شود.</translation>
    </message>
    <message>
        <source>No accounts yet: everyone at this computer acts as the owner. Add the owner first; from then on ClubDesk asks who is at the till when it starts.</source>
        <translation>هنوز حسابی ساخته نشده است: هر کس پشت این رایانه باشد در نقش مالک کار می‌کند. اول حساب مالک را اضافه کنید؛ از آن پس کلاب‌دسک هنگام باز شدن می‌پرسد چه کسی پشت صندوق است.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>نقش</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Add an account</source>
        <translation>افزودن حساب</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>رمز ورود (۴ تا ۸ رقم)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>تکرار رمز ورود</translation>
    </message>
    <message>
        <source>for example Sara</source>
        <translation>مثلاً سارا</translation>
    </message>
    <message>
        <source>Add account</source>
        <translation>افزودن حساب</translation>
    </message>
    <message>
        <source>New PIN for the selected account</source>
        <translation>رمز ورود تازه برای حساب انتخاب‌شده</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>رمز ورود تازه</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>تغییر رمز ورود</translation>
    </message>
    <message>
        <source>Cashier&apos;s redeem limit</source>
        <translation>سقف خرج امتیاز صندوق‌دار</translation>
    </message>
    <message>
        <source>A cashier may redeem up to this many points at once; more needs the owner&apos;s PIN. 0 means always ask.</source>
        <translation>صندوق‌دار در هر بار می‌تواند حداکثر این تعداد امتیاز خرج کند؛ بیشتر از آن رمز ورود مالک را لازم دارد. ۰ یعنی همیشه رمز مالک پرسیده شود.</translation>
    </message>
    <message>
        <source>points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Save limit</source>
        <translation>ذخیرهٔ سقف</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>active</source>
        <translation>فعال</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>غیرفعال</translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation>فعال کردن %1</translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation>غیرفعال کردن %1</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>غیرفعال کردن</translation>
    </message>
    <message>
        <source>%1 can now sign in.</source>
        <translation>%1 اکنون می‌تواند وارد شود.</translation>
    </message>
    <message>
        <source>New PIN saved for %1.</source>
        <translation>رمز ورود تازهٔ %1 ذخیره شد.</translation>
    </message>
    <message>
        <source>Saved: a cashier may redeem up to %1 points at once.</source>
        <translation>ذخیره شد: صندوق‌دار در هر بار حداکثر %1 امتیاز می‌تواند خرج کند.</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <source>Who works at the till</source>
        <translation>چه کسانی پشت صندوق کار می‌کنند</translation>
    </message>
    <message>
        <source>Step 6 of 7. Each person signs in with a PIN; cashiers need the owner&apos;s PIN for settings, refunds and exports.</source>
        <translation>گام ۶ از ۷. هر کس با رمز (PIN) خودش وارد می‌شود؛ صندوق‌دار برای تنظیمات، برگشت خرید و خروجی گرفتن به رمز مالک نیاز دارد.</translation>
    </message>
    <message>
        <source>Owner&apos;s name</source>
        <translation>نام مالک</translation>
    </message>
    <message>
        <source>Owner&apos;s PIN (4 to 8 digits)</source>
        <translation>رمز مالک (۴ تا ۸ رقم)</translation>
    </message>
    <message>
        <source>Owner&apos;s PIN again</source>
        <translation>تکرار رمز مالک</translation>
    </message>
    <message>
        <source>First cashier&apos;s name</source>
        <translation>نام نخستین صندوق‌دار</translation>
    </message>
    <message>
        <source>Cashier&apos;s PIN</source>
        <translation>رمز صندوق‌دار</translation>
    </message>
    <message>
        <source>Cashier&apos;s PIN again</source>
        <translation>تکرار رمز صندوق‌دار</translation>
    </message>
    <message>
        <source>Only I use this computer: no accounts or PINs for now</source>
        <translation>فقط خودم با این رایانه کار می‌کنم: فعلاً بدون حساب و رمز</translation>
    </message>
</context>
<context>
    <name>AdjustDialog</name>
    <message>
        <source>Adjust points</source>
        <translation>اصلاح امتیاز</translation>
    </message>
    <message>
        <source>50 or -50</source>
        <translation>۵۰ یا ۵۰-</translation>
    </message>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>دلیل (در گزارش رویدادها ثبت می‌شود)</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>Adjust</source>
        <translation>اصلاح</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Every kind</source>
        <translation>همهٔ انواع</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>خریدها</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Accounts and sign-ins</source>
        <translation>حساب‌ها و ورودها</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>خروجی گرفتن</translation>
    </message>
    <message>
        <source>member registered</source>
        <translation>ثبت‌نام عضو</translation>
    </message>
    <message>
        <source>member edited</source>
        <translation>ویرایش عضو</translation>
    </message>
    <message>
        <source>member archived</source>
        <translation>بایگانی عضو</translation>
    </message>
    <message>
        <source>level changed</source>
        <translation>تغییر سطح</translation>
    </message>
    <message>
        <source>members imported</source>
        <translation>ورود اعضا از فایل</translation>
    </message>
    <message>
        <source>purchase</source>
        <translation>خرید</translation>
    </message>
    <message>
        <source>purchase reversed</source>
        <translation>ابطال خرید</translation>
    </message>
    <message>
        <source>points earned</source>
        <translation>گرفتن امتیاز</translation>
    </message>
    <message>
        <source>points redeemed</source>
        <translation>خرج امتیاز</translation>
    </message>
    <message>
        <source>points adjusted</source>
        <translation>اصلاح امتیاز</translation>
    </message>
    <message>
        <source>points expired</source>
        <translation>انقضای امتیاز</translation>
    </message>
    <message>
        <source>setting changed</source>
        <translation>تغییر تنظیمات</translation>
    </message>
    <message>
        <source>data exported</source>
        <translation>خروجی گرفتن از داده‌ها</translation>
    </message>
    <message>
        <source>account added</source>
        <translation>افزودن حساب</translation>
    </message>
    <message>
        <source>PIN changed</source>
        <translation>تغییر رمز ورود</translation>
    </message>
    <message>
        <source>account enabled</source>
        <translation>فعال شدن حساب</translation>
    </message>
    <message>
        <source>account disabled</source>
        <translation>غیرفعال شدن حساب</translation>
    </message>
    <message>
        <source>role changed</source>
        <translation>تغییر نقش</translation>
    </message>
    <message>
        <source>signed in</source>
        <translation>ورود کاربر</translation>
    </message>
    <message>
        <source>signed out</source>
        <translation>خروج کاربر</translation>
    </message>
    <message>
        <source>wrong PIN at sign-in</source>
        <translation>رمز ورود اشتباه هنگام ورود</translation>
    </message>
    <message>
        <source>wrong owner&apos;s PIN</source>
        <translation>رمز ورود مالک اشتباه</translation>
    </message>
    <message>
        <source>When</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>انجام‌دهنده</translation>
    </message>
    <message>
        <source>What</source>
        <translation>رویداد</translation>
    </message>
    <message>
        <source>Member or item</source>
        <translation>عضو یا مورد</translation>
    </message>
    <message>
        <source>Details (old → new)</source>
        <translation>جزئیات (قبلی ← تازه)</translation>
    </message>
    <message>
        <source>Allowed by</source>
        <translation>تأییدکننده</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>گزارش رویدادها</translation>
    </message>
    <message>
        <source>Who changed what, and when</source>
        <translation>چه کسی، چه چیزی را، کِی تغییر داد</translation>
    </message>
    <message>
        <source>&amp;From (day)</source>
        <translation>&amp;از (روز)</translation>
    </message>
    <message>
        <source>&amp;To (day)</source>
        <translation>&amp;تا (روز)</translation>
    </message>
    <message>
        <source>&amp;Person</source>
        <translation>&amp;شخص</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;نوع</translation>
    </message>
    <message>
        <source>&amp;Member (phone or id)</source>
        <translation>&amp;عضو (موبایل یا شناسه)</translation>
    </message>
    <message>
        <source>Te&amp;xt in details</source>
        <translation>&amp;متن در جزئیات</translation>
    </message>
    <message>
        <source>today</source>
        <translation>امروز</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>همه</translation>
    </message>
    <message>
        <source>Reading the log…</source>
        <translation>در حال خواندن گزارش رویدادها…</translation>
    </message>
    <message>
        <source>%1 entries, newest first</source>
        <translation>%1 رویداد، تازه‌ترین‌ها اول</translation>
    </message>
    <message>
        <source>No entries match. Widen the dates or clear a filter.</source>
        <translation>رویدادی پیدا نشد. بازهٔ تاریخ را بزرگ‌تر کنید یا یکی از فیلترها را پاک کنید.</translation>
    </message>
</context>
<context>
    <name>BackupCentre</name>
    <message>
        <source>The backup passphrase was saved.</source>
        <translation>رمز پشتیبان ذخیره شد.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>نسخه‌های پشتیبان</translation>
    </message>
    <message>
        <source>Backing up before closing…</source>
        <translation>پشتیبان‌گیری پیش از بستن…</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>رد کردن</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Backups</source>
        <translation>پشتیبان‌گیری</translation>
    </message>
    <message>
        <source>Step 4 of 7. Your members and points, safe if this computer breaks.</source>
        <translation>گام ۴ از ۷. اعضا و امتیازها، در امان حتی اگر این رایانه خراب شود.</translation>
    </message>
    <message>
        <source>ClubDesk backs up by itself, encrypted, every half hour after changes and when it closes. Choose a passphrase and keep the recovery sheet.</source>
        <translation>کلاب‌دسک خودش و به‌صورت رمزنگاری‌شده پشتیبان می‌گیرد: پس از تغییرات هر نیم ساعت و هنگام بستن برنامه. یک عبارت عبور برگزینید و برگهٔ بازیابی را نگه دارید.</translation>
    </message>
    <message>
        <source>Choose the backup passphrase…</source>
        <translation>انتخاب عبارت عبور پشتیبان…</translation>
    </message>
    <message>
        <source>Also copy every backup to (optional; another disk or a USB stick):</source>
        <translation>رونوشت هر پشتیبان در این پوشه هم نگه داشته شود (اختیاری؛ دیسکی دیگر یا فلش USB):</translation>
    </message>
    <message>
        <source>only in ClubDesk&apos;s data folder</source>
        <translation>فقط در پوشهٔ داده‌های کلاب‌دسک</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>هیچ‌کدام</translation>
    </message>
    <message>
        <source>Backups are set up.</source>
        <translation>پشتیبان‌گیری راه‌اندازی شد.</translation>
    </message>
    <message>
        <source>Change the passphrase…</source>
        <translation>تغییر عبارت عبور…</translation>
    </message>
    <message>
        <source>Not set up yet. You can also do it later from File → Backups (Ctrl+B).</source>
        <translation>هنوز راه‌اندازی نشده است. بعداً هم از پرونده ← پشتیبان‌گیری (Ctrl+B) می‌شود.</translation>
    </message>
    <message>
        <source>Choose a folder for copies</source>
        <translation>پوشه‌ای برای رونوشت‌ها برگزینید</translation>
    </message>
</context>
<context>
    <name>BackupSetupDialog</name>
    <message>
        <source>Backup passphrase</source>
        <translation>رمز پشتیبان</translation>
    </message>
    <message>
        <source>Change the backup passphrase</source>
        <translation>تغییر رمز پشتیبان</translation>
    </message>
    <message>
        <source>Type the current passphrase (or the recovery code), then the new one twice. New backups open with the new passphrase, older ones still with the old one; the recovery code on your sheet opens all of them.</source>
        <translation>رمز فعلی (یا کد بازیابی) را وارد کنید، سپس رمز تازه را دو بار. نسخه‌های پشتیبان تازه با رمز تازه باز می‌شوند و نسخه‌های قدیمی‌تر همچنان با رمز قبلی؛ کد بازیابی برگهٔ شما همهٔ آن‌ها را باز می‌کند.</translation>
    </message>
    <message>
        <source>Set up backups</source>
        <translation>راه‌اندازی پشتیبان‌گیری</translation>
    </message>
    <message>
        <source>ClubDesk backs up the members and points by itself, encrypted. Choose a backup passphrase: with it (or the recovery code shown next) the backups can be restored on a new computer if this one breaks. Nobody can open a backup without it, not even support.</source>
        <translation>کلاب‌دسک خودش از اعضا و امتیازها نسخهٔ پشتیبان رمزگذاری‌شده می‌سازد. یک رمز پشتیبان انتخاب کنید: اگر این رایانه خراب شود، با این رمز (یا کد بازیابی‌ای که در ادامه می‌بینید) نسخه‌های پشتیبان روی رایانهٔ تازه بازگردانده می‌شوند. بدون آن هیچ‌کس، حتی واحد پشتیبانی، نمی‌تواند نسخهٔ پشتیبان را باز کند.</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>رمز فعلی</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>رمز تازه</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>رمز پشتیبان</translation>
    </message>
    <message>
        <source>Type it again</source>
        <translation>تکرار رمز</translation>
    </message>
    <message>
        <source>Show what I type</source>
        <translation>نمایش آنچه می‌نویسم</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>بعداً</translation>
    </message>
    <message>
        <source>Your recovery sheet</source>
        <translation>برگهٔ بازیابی شما</translation>
    </message>
    <message>
        <source>Print this sheet or save it as a PDF on a USB drive, or write the code down. Keep it away from this computer.</source>
        <translation>این برگه را چاپ کنید، یا به‌صورت PDF روی فلش ذخیره کنید، یا کد را یادداشت کنید. آن را دور از این رایانه نگه دارید.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>چاپ…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>ذخیره به‌صورت PDF…</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>آن را یادداشت کردم</translation>
    </message>
    <message>
        <source>Type the current passphrase.</source>
        <translation>رمز فعلی را وارد کنید.</translation>
    </message>
    <message>
        <source>At least %1 characters; %2 typed so far.</source>
        <translation>دست‌کم %1 نویسه؛ تاکنون %2 نویسه نوشته‌اید.</translation>
    </message>
    <message>
        <source>Type the passphrase again below.</source>
        <translation>رمز را در کادر پایین دوباره بنویسید.</translation>
    </message>
    <message>
        <source>The two passphrases are not the same.</source>
        <translation>دو رمز یکسان نیستند.</translation>
    </message>
    <message>
        <source>The passphrase can be saved.</source>
        <translation>رمز آمادهٔ ذخیره است.</translation>
    </message>
    <message>
        <source>Preparing the keys; this takes a few seconds…</source>
        <translation>در حال آماده کردن کلیدها؛ چند ثانیه طول می‌کشد…</translation>
    </message>
    <message>
        <source>The sheet was sent to the printer.</source>
        <translation>برگه به چاپگر فرستاده شد.</translation>
    </message>
    <message>
        <source>clubdesk-recovery-sheet.pdf</source>
        <translation>clubdesk-recovery-sheet.pdf</translation>
    </message>
    <message>
        <source>Save the recovery sheet</source>
        <translation>ذخیرهٔ برگهٔ بازیابی</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>ذخیره شد: %1</translation>
    </message>
    <message>
        <source>The PDF could not be written to %1.</source>
        <translation>فایل PDF در %1 نوشته نشد.</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups</source>
        <translation>نسخه‌های پشتیبان</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>نسخهٔ برنامه</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>حجم</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>پوشه</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>مشکل</translation>
    </message>
    <message>
        <source>Backups are not set up yet: choose a backup passphrase so that ClubDesk can back up your members by itself and you can restore them on a new computer.</source>
        <translation>پشتیبان‌گیری هنوز راه‌اندازی نشده است: یک رمز پشتیبان انتخاب کنید تا کلاب‌دسک خودش از اعضا نسخهٔ پشتیبان بگیرد و بتوانید آن‌ها را روی رایانهٔ تازه بازگردانید.</translation>
    </message>
    <message>
        <source>Set up…</source>
        <translation>راه‌اندازی…</translation>
    </message>
    <message>
        <source>No backups yet.

A backup is an encrypted copy of your members, points and settings. ClubDesk makes one by itself every little while and when you quit; keep a copy on a USB drive too, so that a broken computer does not lose your customer club.</source>
        <translation>هنوز نسخهٔ پشتیبانی نیست.

نسخهٔ پشتیبان رونوشتی رمزگذاری‌شده از اعضا، امتیازها و تنظیمات شماست. کلاب‌دسک هر چند وقت یک بار و هنگام بستن برنامه خودش یکی می‌سازد؛ یک رونوشت هم روی فلش نگه دارید تا خراب شدن رایانه باشگاه مشتریان شما را از بین نبرد.</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>پشتیبان‌گیری همین حالا</translation>
    </message>
    <message>
        <source>Export to USB…</source>
        <translation>رونوشت روی فلش…</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>بررسی سلامت</translation>
    </message>
    <message>
        <source>Restore this backup…</source>
        <translation>بازگردانی این نسخه…</translation>
    </message>
    <message>
        <source>Restore nearest good…</source>
        <translation>بازگردانی نزدیک‌ترین نسخهٔ سالم…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>افزودن پوشه…</translation>
    </message>
    <message>
        <source>Change passphrase…</source>
        <translation>تغییر رمز…</translation>
    </message>
    <message>
        <source>Off-site…</source>
        <translation>پشتیبان ابری…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Automatic backups</source>
        <translation>پشتیبان‌گیری خودکار</translation>
    </message>
    <message>
        <source>At most every</source>
        <translation>حداکثر هر</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> دقیقه</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>نگه‌داری:</translation>
    </message>
    <message>
        <source>daily,</source>
        <translation>روزانه،</translation>
    </message>
    <message>
        <source>weekly,</source>
        <translation>هفتگی،</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>ماهانه</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Also copy each one to:</source>
        <translation>رونوشت هر کدام در:</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>انتخاب پوشه…</translation>
    </message>
    <message>
        <source>Stop copying</source>
        <translation>توقف رونوشت</translation>
    </message>
    <message>
        <source>Automatic folder</source>
        <translation>پوشهٔ خودکار</translation>
    </message>
    <message>
        <source>Automatic backups are paused: this computer does not hold the backup key yet (for example after restoring on a new computer). Type the backup passphrase once to resume them.</source>
        <translation>پشتیبان‌گیری خودکار متوقف است: کلید پشتیبان هنوز روی این رایانه نیست (مثلاً پس از بازگردانی روی رایانهٔ تازه). یک بار رمز پشتیبان را وارد کنید تا دوباره راه بیفتد.</translation>
    </message>
    <message>
        <source>Type the passphrase…</source>
        <translation>وارد کردن رمز…</translation>
    </message>
    <message>
        <source>Looking for backups…</source>
        <translation>در حال یافتن نسخه‌های پشتیبان…</translation>
    </message>
    <message>
        <source>%1 backups; the newest good one is from %2.</source>
        <translation>%1 نسخهٔ پشتیبان؛ تازه‌ترین نسخهٔ سالم از %2 است.</translation>
    </message>
    <message>
        <source>No good backup yet.</source>
        <translation>هنوز نسخهٔ سالمی نیست.</translation>
    </message>
    <message>
        <source>%1 damaged (see the Problem column).</source>
        <translation>%1 نسخه آسیب‌دیده است (ستون «مشکل» را ببینید).</translation>
    </message>
    <message>
        <source>Choose a folder with backups</source>
        <translation>پوشهٔ نسخه‌های پشتیبان را انتخاب کنید</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>در حال پشتیبان‌گیری…</translation>
    </message>
    <message>
        <source>Backing up the shop&apos;s data…</source>
        <translation>در حال پشتیبان‌گیری از داده‌های فروشگاه…</translation>
    </message>
    <message>
        <source>Backed up: %1 members in %2.</source>
        <translation>پشتیبان گرفته شد: %1 عضو در %2.</translation>
    </message>
    <message>
        <source>Stopped; nothing was changed.</source>
        <translation>متوقف شد؛ چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>در حال بررسی نسخهٔ پشتیبان…</translation>
    </message>
    <message>
        <source>The backup is good: it opens, its contents match, and it holds %1 members.</source>
        <translation>نسخهٔ پشتیبان سالم است: باز می‌شود، محتوایش درست است و %1 عضو دارد.</translation>
    </message>
    <message>
        <source>Restore the newest backup that is good?</source>
        <translation>تازه‌ترین نسخهٔ پشتیبان سالم بازگردانده شود؟</translation>
    </message>
    <message>
        <source>Restore the backup of %1 (%2 members)?</source>
        <translation>نسخهٔ پشتیبان %1 (%2 عضو) بازگردانده شود؟</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>بازگردانی</translation>
    </message>
    <message>
        <source>Your current data is backed up first, so this can be undone. Damaged backups are skipped. Members added since that backup will not be in the restored data.</source>
        <translation>پیش از هر کار از داده‌های فعلی شما نسخهٔ پشتیبان گرفته می‌شود، پس این کار برگشت‌پذیر است. نسخه‌های آسیب‌دیده کنار گذاشته می‌شوند. اعضایی که پس از آن نسخه اضافه شده‌اند در داده‌های بازگردانده نخواهند بود.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>در حال بازگردانی…</translation>
    </message>
    <message>
        <source>Backing up the current data, then restoring…</source>
        <translation>پشتیبان‌گیری از داده‌های فعلی، سپس بازگردانی…</translation>
    </message>
    <message>
        <source>nowhere else (another disk or a USB stick is safer)</source>
        <translation>هیچ جای دیگر (دیسکی دیگر یا فلش USB امن‌تر است)</translation>
    </message>
    <message>
        <source>Copy every backup to…</source>
        <translation>رونوشت هر پشتیبان در…</translation>
    </message>
    <message>
        <source>Each automatic backup is now copied there too.</source>
        <translation>از این پس رونوشت هر پشتیبان خودکار آنجا هم نگه داشته می‌شود.</translation>
    </message>
    <message>
        <source>Backups are no longer copied to another folder.</source>
        <translation>دیگر رونوشتی از پشتیبان‌ها در پوشهٔ دیگری نگه داشته نمی‌شود.</translation>
    </message>
    <message>
        <source>The backup schedule was saved.</source>
        <translation>زمان‌بندی پشتیبان‌گیری ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>BusinessDialog</name>
    <message>
        <source>Business details</source>
        <translation>مشخصات کسب‌وکار</translation>
    </message>
</context>
<context>
    <name>BusinessForm</name>
    <message>
        <source>Business name</source>
        <translation>نام کسب‌وکار</translation>
    </message>
    <message>
        <source>The business is</source>
        <translation>کسب‌وکار متعلق به</translation>
    </message>
    <message>
        <source>a person (sole trader)</source>
        <translation>شخص حقیقی</translation>
    </message>
    <message>
        <source>a company (legal entity)</source>
        <translation>شخص حقوقی (شرکت)</translation>
    </message>
    <message>
        <source>National id (optional)</source>
        <translation>کد/شناسهٔ ملی (اختیاری)</translation>
    </message>
    <message>
        <source>Owner&apos;s name</source>
        <translation>نام مالک</translation>
    </message>
    <message>
        <source>Owner&apos;s mobile</source>
        <translation>موبایل مالک</translation>
    </message>
    <message>
        <source>Shop phone</source>
        <translation>تلفن فروشگاه</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>نشانی</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>نشان (لوگو)</translation>
    </message>
    <message>
        <source>as customers know it, for example Bahar Café</source>
        <translation>همان نامی که مشتریان می‌شناسند، مثلاً کافه بهار</translation>
    </message>
    <message>
        <source>a person&apos;s 10-digit national code, or the company&apos;s national id</source>
        <translation>کد ملی ۱۰ رقمی شخص، یا شناسهٔ ملی شرکت</translation>
    </message>
    <message>
        <source>09121234567: licence reminders and receipts of payments go here</source>
        <translation>۰۹۱۲۱۲۳۴۵۶۷: یادآوری‌های مجوز و رسید پرداخت‌ها به این شماره می‌آید</translation>
    </message>
    <message>
        <source>021 8888 1234: printed on receipts</source>
        <translation>۰۲۱ ۸۸۸۸ ۱۲۳۴: روی رسیدها چاپ می‌شود</translation>
    </message>
    <message>
        <source>Choose a picture…</source>
        <translation>انتخاب تصویر…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>بدون نشان</translation>
    </message>
    <message>
        <source>Choose the logo</source>
        <translation>انتخاب نشان</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>تصویرها (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
</context>
<context>
    <name>BusinessPage</name>
    <message>
        <source>Your business</source>
        <translation>کسب‌وکار شما</translation>
    </message>
    <message>
        <source>Step 2 of 7. The name is printed on receipts and member cards; the owner&apos;s mobile gets the licence reminders.</source>
        <translation>گام ۲ از ۷. نام روی رسیدها و کارت‌های عضویت چاپ می‌شود؛ یادآوری‌های مجوز به موبایل مالک می‌رسد.</translation>
    </message>
</context>
<context>
    <name>CampaignsDialog</name>
    <message>
        <source>Farvardin</source>
        <translation>فروردین</translation>
    </message>
    <message>
        <source>Ordibehesht</source>
        <translation>اردیبهشت</translation>
    </message>
    <message>
        <source>Khordad</source>
        <translation>خرداد</translation>
    </message>
    <message>
        <source>Tir</source>
        <translation>تیر</translation>
    </message>
    <message>
        <source>Mordad</source>
        <translation>مرداد</translation>
    </message>
    <message>
        <source>Shahrivar</source>
        <translation>شهریور</translation>
    </message>
    <message>
        <source>Mehr</source>
        <translation>مهر</translation>
    </message>
    <message>
        <source>Aban</source>
        <translation>آبان</translation>
    </message>
    <message>
        <source>Azar</source>
        <translation>آذر</translation>
    </message>
    <message>
        <source>Dey</source>
        <translation>دی</translation>
    </message>
    <message>
        <source>Bahman</source>
        <translation>بهمن</translation>
    </message>
    <message>
        <source>Esfand</source>
        <translation>اسفند</translation>
    </message>
    <message>
        <source>waiting to send</source>
        <translation>در انتظار ارسال</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>در حال ارسال</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>ارسال‌شده</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>تحویل‌شده</translation>
    </message>
    <message>
        <source>not delivered</source>
        <translation>تحویل‌نشده</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <source>unknown (interrupted; not resent)</source>
        <translation>نامعلوم (قطع شد؛ دوباره ارسال نشد)</translation>
    </message>
    <message>
        <source>service</source>
        <translation>خدماتی</translation>
    </message>
    <message>
        <source>campaign</source>
        <translation>کمپین</translation>
    </message>
    <message>
        <source>SMS to members</source>
        <translation>پیامک به اعضا</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>کمپین پیامکی تازه</translation>
    </message>
    <message>
        <source>Past campaigns</source>
        <translation>کمپین‌های گذشته</translation>
    </message>
    <message>
        <source>A member&apos;s messages</source>
        <translation>پیامک‌های یک عضو</translation>
    </message>
    <message>
        <source>Campaign name:</source>
        <translation>نام کمپین:</translation>
    </message>
    <message>
        <source>e.g. Nowruz greetings</source>
        <translation>مثلاً تبریک نوروز</translation>
    </message>
    <message>
        <source>Who receives it (only members who agreed to receive SMS)</source>
        <translation>گروه مخاطبان (فقط اعضایی که با دریافت پیامک موافق‌اند)</translation>
    </message>
    <message>
        <source>Levels:</source>
        <translation>سطح‌ها:</translation>
    </message>
    <message>
        <source>Visited in the last:</source>
        <translation>مراجعه در روزهای اخیر:</translation>
    </message>
    <message>
        <source>No visit in the last:</source>
        <translation>بدون مراجعه در روزهای اخیر:</translation>
    </message>
    <message>
        <source>Spent at least (tomans):</source>
        <translation>حداقل خرید (تومان):</translation>
    </message>
    <message>
        <source>Spent at most (tomans):</source>
        <translation>حداکثر خرید (تومان):</translation>
    </message>
    <message>
        <source>Birthday month:</source>
        <translation>ماه تولد:</translation>
    </message>
    <message>
        <source>Points expiring within:</source>
        <translation>امتیاز در حال انقضا طی:</translation>
    </message>
    <message>
        <source>all levels; or e.g. gold, silver</source>
        <translation>همهٔ سطح‌ها؛ یا مثلاً طلایی، نقره‌ای</translation>
    </message>
    <message>
        <source> days</source>
        <translation> روز</translation>
    </message>
    <message>
        <source>any month</source>
        <translation>هر ماه</translation>
    </message>
    <message>
        <source>Message (click a variable to insert it):</source>
        <translation>متن پیامک (برای افزودن یک متغیر روی آن کلیک کنید):</translation>
    </message>
    <message>
        <source>e.g. {name}, you have {points} points at {shop}. See you soon!</source>
        <translation>مثلاً {name} عزیز، شما در {shop} {points} امتیاز دارید. منتظر دیدارتان هستیم!</translation>
    </message>
    <message>
        <source>Send… (Ctrl+Enter)</source>
        <translation>ارسال… (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>SMS settings…</source>
        <translation>تنظیمات پیامک…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>کمپین</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Recipients</source>
        <translation>گیرندگان</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>تحویل‌شده</translation>
    </message>
    <message>
        <source>Waiting or sent</source>
        <translation>در انتظار یا ارسال‌شده</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>ناموفق</translation>
    </message>
    <message>
        <source>Cost (rials)</source>
        <translation>هزینه (ریال)</translation>
    </message>
    <message>
        <source>No campaign has been sent yet. Write one in the New campaign tab.</source>
        <translation>هنوز هیچ کمپینی ارسال نشده است. در زبانهٔ «کمپین پیامکی تازه» یکی بنویسید.</translation>
    </message>
    <message>
        <source>Send waiting messages now</source>
        <translation>ارسال پیامک‌های در انتظار همین حالا</translation>
    </message>
    <message>
        <source>The member&apos;s mobile number</source>
        <translation>شماره موبایل عضو</translation>
    </message>
    <message>
        <source>Show messages</source>
        <translation>نمایش پیامک‌ها</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>متن</translation>
    </message>
    <message>
        <source>Write the message to see how many members get it.</source>
        <translation>متن پیامک را بنویسید تا ببینید به چند عضو می‌رسد.</translation>
    </message>
    <message>
        <source>The first member receives: %1</source>
        <translation>پیامک نخستین عضو: %1</translation>
    </message>
    <message>
        <source>No member matches: widen the filter.</source>
        <translation>هیچ عضوی با این فیلتر جور نیست: فیلتر را گسترده‌تر کنید.</translation>
    </message>
    <message>
        <source>%1 members, about %2 SMS parts, about %3 rials</source>
        <translation>%1 عضو، حدود %2 بخش پیامک، حدود %3 ریال</translation>
    </message>
    <message>
        <source>Send to %1 members, about %2 parts, about %3 rials?</source>
        <translation>به %1 عضو ارسال شود؟ حدود %2 بخش پیامک، حدود %3 ریال.</translation>
    </message>
    <message>
        <source>Send the campaign</source>
        <translation>ارسال کمپین</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>فرستادن</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Queuing and sending the messages…</source>
        <translation>در حال صف‌بندی و ارسال پیامک‌ها…</translation>
    </message>
    <message>
        <source>Queued for %1 members: %2 sent, %3 waiting.</source>
        <translation>برای %1 عضو در صف قرار گرفت: %2 ارسال شد، %3 در انتظار.</translation>
    </message>
    <message>
        <source>Cancelled: no message was queued.</source>
        <translation>لغو شد: هیچ پیامکی در صف قرار نگرفت.</translation>
    </message>
    <message>
        <source>%1 messages wait to be sent.</source>
        <translation>%1 پیامک در انتظار ارسال است.</translation>
    </message>
    <message>
        <source>No message is waiting.</source>
        <translation>هیچ پیامکی در انتظار نیست.</translation>
    </message>
    <message>
        <source>No SMS has been sent to this member.</source>
        <translation>تاکنون پیامکی برای این عضو ارسال نشده است.</translation>
    </message>
</context>
<context>
    <name>CardPrintDialog</name>
    <message>
        <source>Member card</source>
        <translation>کارت عضویت</translation>
    </message>
    <message>
        <source>Member since %1</source>
        <translation>عضو از %1</translation>
    </message>
    <message>
        <source>Club member</source>
        <translation>عضو باشگاه</translation>
    </message>
    <message>
        <source>The card was sent to the printer.</source>
        <translation>کارت برای چاپگر فرستاده شد.</translation>
    </message>
    <message>
        <source>member-card.pdf</source>
        <translation>کارت-عضویت.pdf</translation>
    </message>
    <message>
        <source>Save the member card</source>
        <translation>ذخیرهٔ کارت عضویت</translation>
    </message>
</context>
<context>
    <name>CounterView</name>
    <message>
        <source>Mobile number or name  (F2)</source>
        <translation>شماره موبایل یا نام  (F2)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Press Enter to open this member or register the number.</source>
        <translation>برای باز کردن این عضو یا ثبت این شماره، Enter را بزنید.</translation>
    </message>
    <message>
        <source>A member card: press Enter to open it.</source>
        <translation>کارت عضویت: برای باز کردن آن Enter را بزنید.</translation>
    </message>
    <message>
        <source>Type a mobile number (or its last 4 digits) or a name. Enter on a new number registers the customer.</source>
        <translation>شماره موبایل (یا ۴ رقم آخر آن) یا نام را بنویسید. با زدن Enter روی شماره‌ای جدید، مشتری ثبت‌نام می‌شود.</translation>
    </message>
    <message>
        <source>No member has this number. Press Enter to register.</source>
        <translation>عضوی با این شماره نیست. برای ثبت‌نام Enter را بزنید.</translation>
    </message>
    <message>
        <source>No member matches.</source>
        <translation>عضوی پیدا نشد.</translation>
    </message>
    <message>
        <source>Type the whole mobile number (11 digits starting with 09) to register.</source>
        <translation>برای ثبت‌نام، شماره موبایل کامل (۱۱ رقم که با ۰۹ شروع می‌شود) را بنویسید.</translation>
    </message>
    <message>
        <source>This member is archived. Restore them to record purchases.</source>
        <translation>این عضو بایگانی شده است. برای ثبت خرید، او را بازگردانید.</translation>
    </message>
    <message>
        <source>Already a member: %1</source>
        <translation>از قبل عضو است: %1</translation>
    </message>
    <message>
        <source>Registered: %1</source>
        <translation>ثبت‌نام شد: %1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>ذخیره شد: %1</translation>
    </message>
</context>
<context>
    <name>DamagedDialog</name>
    <message>
        <source>ClubDesk</source>
        <translation>کلاب‌دسک</translation>
    </message>
    <message>
        <source>The shop&apos;s data file is damaged</source>
        <translation>فایل داده‌های فروشگاه آسیب دیده است</translation>
    </message>
    <message>
        <source>ClubDesk can restore the nearest good backup: the newest one that opens and checks out, going back past damaged ones. The damaged file is not deleted: it is kept aside in the data folder for support. Nothing changes until you choose.</source>
        <translation>کلاب‌دسک می‌تواند نزدیک‌ترین نسخهٔ پشتیبان سالم را بازگرداند: تازه‌ترین نسخه‌ای که باز می‌شود و درست است، با گذشتن از نسخه‌های آسیب‌دیده. فایل آسیب‌دیده پاک نمی‌شود: برای واحد پشتیبانی در پوشهٔ داده کنار گذاشته می‌شود. تا شما انتخاب نکنید چیزی تغییر نمی‌کند.</translation>
    </message>
    <message>
        <source>This computer does not hold the backup key (for example after a new installation). Type the backup passphrase or the recovery code from the recovery sheet.</source>
        <translation>کلید پشتیبان روی این رایانه نیست (مثلاً پس از نصب دوباره). رمز پشتیبان یا کد بازیابی برگهٔ بازیابی را وارد کنید.</translation>
    </message>
    <message>
        <source>Restore the nearest good backup</source>
        <translation>بازگردانی نزدیک‌ترین نسخهٔ سالم</translation>
    </message>
    <message>
        <source>Open another folder…</source>
        <translation>باز کردن پوشه‌ای دیگر…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>The shop&apos;s data was restored</source>
        <translation>داده‌های فروشگاه بازگردانده شد</translation>
    </message>
    <message>
        <source>Open ClubDesk</source>
        <translation>باز کردن کلاب‌دسک</translation>
    </message>
    <message>
        <source>The damaged file was kept for support: %1</source>
        <translation>فایل آسیب‌دیده برای واحد پشتیبانی نگه داشته شد: %1</translation>
    </message>
    <message>
        <source>Type the backup passphrase or the recovery code.</source>
        <translation>رمز پشتیبان یا کد بازیابی را وارد کنید.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>در حال بازگردانی…</translation>
    </message>
    <message>
        <source>Restoring the nearest good backup…</source>
        <translation>در حال بازگردانی نزدیک‌ترین نسخهٔ سالم…</translation>
    </message>
    <message>
        <source>Stopped; nothing was changed.</source>
        <translation>متوقف شد؛ چیزی تغییر نکرد.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Ready</source>
        <translation>آماده است</translation>
    </message>
    <message>
        <source>Step 7 of 7. Press Finish to open the counter.</source>
        <translation>گام ۷ از ۷. برای باز شدن پیشخوان «پایان» را بزنید.</translation>
    </message>
    <message>
        <source>To register your first member: type the customer&apos;s mobile number in the search box and press Enter, type the name, press Enter again. Then type the purchase amount and press Enter: the points are added.</source>
        <translation>برای ثبت نخستین عضو: شمارهٔ موبایل مشتری را در کادر جستجو بنویسید و Enter بزنید، نام را بنویسید و دوباره Enter بزنید. سپس مبلغ خرید را بنویسید و Enter بزنید: امتیازها افزوده می‌شود.</translation>
    </message>
    <message>
        <source>Business: %1</source>
        <translation>کسب‌وکار: %1</translation>
    </message>
    <message>
        <source>Licence: active until %1</source>
        <translation>مجوز: فعال تا %1</translation>
    </message>
    <message>
        <source>Licence: not entered yet (ClubDesk opens locked)</source>
        <translation>مجوز: هنوز وارد نشده (کلاب‌دسک قفل باز می‌شود)</translation>
    </message>
    <message>
        <source>Accounts: %1 (owner), %2 (cashier)</source>
        <translation>حساب‌ها: %1 (مالک)، %2 (صندوق‌دار)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>در حال ذخیره…</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>one digit differs</source>
        <translation>یک رقم فرق دارد</translation>
    </message>
    <message>
        <source>two digits swapped</source>
        <translation>دو رقم جابه‌جا شده</translation>
    </message>
    <message>
        <source>{points} points</source>
        <translation>{points} امتیاز</translation>
    </message>
    <message>
        <source>Duplicate members</source>
        <translation>اعضای تکراری</translation>
    </message>
    <message>
        <source>Members with the same name whose mobile numbers differ by one slip (one digit, or two digits swapped) are probably one customer registered twice. Merging keeps the details you choose and both histories; the other card still finds the member.</source>
        <translation>اعضایی با نام یکسان که شمارهٔ همراهشان با یک لغزش فرق دارد (یک رقم، یا دو رقم جابه‌جا) احتمالاً یک مشتری‌اند که دو بار ثبت شده‌اند. یکی‌کردن، مشخصاتی را که انتخاب می‌کنید و سابقهٔ هر دو را نگه می‌دارد؛ کارت دیگر هم همچنان همین عضو را پیدا می‌کند.</translation>
    </message>
    <message>
        <source>First member</source>
        <translation>عضو اول</translation>
    </message>
    <message>
        <source>Second member</source>
        <translation>عضو دوم</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>تفاوت</translation>
    </message>
    <message>
        <source>Find duplicates</source>
        <translation>یافتن تکراری‌ها</translation>
    </message>
    <message>
        <source>Merge, keeping the first</source>
        <translation>یکی‌کردن، با نگه‌داشتن اولی</translation>
    </message>
    <message>
        <source>Merge, keeping the second</source>
        <translation>یکی‌کردن، با نگه‌داشتن دومی</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Looking for duplicate members…</source>
        <translation>در حال جست‌وجوی اعضای تکراری…</translation>
    </message>
    <message>
        <source>No likely duplicates: every member&apos;s name and number are distinct.</source>
        <translation>عضو تکراری احتمالی نیست: نام و شمارهٔ همهٔ اعضا از هم جداست.</translation>
    </message>
    <message>
        <source>Press Find duplicates to look through the members.</source>
        <translation>برای بررسی اعضا «یافتن تکراری‌ها» را بزنید.</translation>
    </message>
    <message>
        <source>Merge members</source>
        <translation>یکی‌کردن اعضا</translation>
    </message>
    <message>
        <source>Merge these two members into {keep}?</source>
        <translation>این دو عضو در {keep} یکی شوند؟</translation>
    </message>
    <message>
        <source>The purchases and points of {other} move to this member. This cannot be undone.</source>
        <translation>خریدها و امتیازهای {other} به این عضو منتقل می‌شود. این کار برگشت‌پذیر نیست.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>یکی‌کردن</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Merged into {name}.</source>
        <translation>در {name} یکی شد.</translation>
    </message>
</context>
<context>
    <name>ExpiringDialog</name>
    <message>
        <source>Loading…</source>
        <translation>در حال دریافت…</translation>
    </message>
    <message>
        <source>%1 members, %2 points</source>
        <translation>%1 عضو، %2 امتیاز</translation>
    </message>
    <message>
        <source>No points expire in the next %1 days. Points expire only when Settings → Wallet and expiry gives them a lifetime.</source>
        <translation>در %1 روز آینده امتیازی منقضی نمی‌شود. امتیازها فقط وقتی منقضی می‌شوند که در «تنظیمات ← کیف پول و انقضا» برایشان مدت اعتبار تعیین شده باشد.</translation>
    </message>
    <message>
        <source>Showing the %1 members whose points expire soonest.</source>
        <translation>نمایش %1 عضوی که امتیازشان زودتر از همه منقضی می‌شود.</translation>
    </message>
    <message>
        <source>Double-click a member to open the card.</source>
        <translation>برای باز کردن کارت عضو، روی آن دوبار کلیک کنید.</translation>
    </message>
    <message>
        <source>Expiring due points…</source>
        <translation>در حال منقضی کردن امتیازهای سررسیدشده…</translation>
    </message>
    <message>
        <source>Nothing was due to expire.</source>
        <translation>امتیاز سررسیدشده‌ای برای انقضا نبود.</translation>
    </message>
    <message>
        <source>Expired the points of %1 earnings that were due.</source>
        <translation>امتیازهای سررسیدشدهٔ %1 نوبت امتیازگیری منقضی شد.</translation>
    </message>
    <message>
        <source>Expiring points</source>
        <translation>امتیازهای رو به انقضا</translation>
    </message>
    <message>
        <source>Points that expire soon</source>
        <translation>امتیازهایی که به‌زودی منقضی می‌شوند</translation>
    </message>
    <message>
        <source>Expiring within</source>
        <translation>انقضا در</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 روز آینده</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>First expiry</source>
        <translation>نخستین انقضا</translation>
    </message>
    <message>
        <source>Expire due points now</source>
        <translation>منقضی کردن امتیازهای سررسیدشده همین حالا</translation>
    </message>
    <message>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>ExpiryEditor</name>
    <message>
        <source>Points earned today expire on %1.</source>
        <translation>امتیازهایی که امروز گرفته شوند در %1 منقضی می‌شوند.</translation>
    </message>
    <message>
        <source>Points never expire.</source>
        <translation>امتیازها هرگز منقضی نمی‌شوند.</translation>
    </message>
    <message>
        <source>Wallet credit usable from today expires on %1.</source>
        <translation>اعتبار کیف پولی که از امروز قابل استفاده است در %1 منقضی می‌شود.</translation>
    </message>
    <message>
        <source>Wallet credit never expires.</source>
        <translation>اعتبار کیف پول هرگز منقضی نمی‌شود.</translation>
    </message>
    <message>
        <source>Each purchase&apos;s points and credit last this many months (0 = never).</source>
        <translation>امتیاز و اعتبار کیف پول هر خرید تا این تعداد ماه معتبر است (۰ = همیشه).</translation>
    </message>
    <message>
        <source>Points expire after (months)</source>
        <translation>انقضای امتیاز پس از (ماه)</translation>
    </message>
    <message>
        <source>Wallet credit expires after (months)</source>
        <translation>انقضای اعتبار کیف پول پس از (ماه)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export a backup</source>
        <translation>رونوشت نسخهٔ پشتیبان</translation>
    </message>
    <message>
        <source>Export a backup to a USB drive</source>
        <translation>رونوشت نسخهٔ پشتیبان روی فلش</translation>
    </message>
    <message>
        <source>No USB drive found. Plug one in and press Refresh, or choose a folder.</source>
        <translation>فلشی پیدا نشد. یک فلش وصل کنید و «به‌روزرسانی» را بزنید، یا یک پوشه انتخاب کنید.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>انتخاب پوشه…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>خروجی گرفتن</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>A new backup is made now and copied.</source>
        <translation>همین حالا یک نسخهٔ پشتیبان تازه ساخته و رونوشت می‌شود.</translation>
    </message>
    <message>
        <source>The backup %1 is copied, then read back and checked.</source>
        <translation>نسخهٔ پشتیبان %1 رونوشت می‌شود، سپس دوباره خوانده و بررسی می‌شود.</translation>
    </message>
    <message>
        <source>Choose a drive or a folder.</source>
        <translation>یک فلش یا پوشه انتخاب کنید.</translation>
    </message>
    <message>
        <source>Copy to: %1</source>
        <translation>مقصد: %1</translation>
    </message>
    <message>
        <source>%1 free of %2</source>
        <translation>%1 آزاد از %2</translation>
    </message>
    <message>
        <source>Choose where to copy the backup</source>
        <translation>جای رونوشت نسخهٔ پشتیبان را انتخاب کنید</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>در حال رونوشت‌گیری…</translation>
    </message>
    <message>
        <source>Copying the backup and reading it back…</source>
        <translation>در حال رونوشت‌گیری و خواندن دوبارهٔ آن…</translation>
    </message>
    <message>
        <source>Done: the copy was read back and is identical. %1</source>
        <translation>انجام شد: رونوشت دوباره خوانده شد و با اصل یکسان است. %1</translation>
    </message>
    <message>
        <source>Stopped; no partial file was left.</source>
        <translation>متوقف شد؛ هیچ فایل نیمه‌کاره‌ای نماند.</translation>
    </message>
    <message>
        <source>Export to Excel or CSV</source>
        <translation>خروجی اکسل یا CSV</translation>
    </message>
    <message>
        <source>What:</source>
        <translation>چه چیزی:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>قالب:</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>ذخیره در:</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>خریدها</translation>
    </message>
    <message>
        <source>Points ledger</source>
        <translation>دفتر امتیازها</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>فایل اکسل (.xlsx)</translation>
    </message>
    <message>
        <source>CSV for Excel (.csv)</source>
        <translation>CSV برای اکسل (.csv)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>انتخاب…</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>خروجی در</translation>
    </message>
    <message>
        <source>Excel or CSV (*.xlsx *.csv)</source>
        <translation>اکسل یا CSV (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>در حال خروجی گرفتن…</translation>
    </message>
    <message>
        <source>%1 rows saved to %2.</source>
        <translation>%1 ردیف در %2 ذخیره شد.</translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation>خروجی لغو شد: هیچ فایلی نوشته نشد.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>ClubDesk: first start</source>
        <translation>کلاب‌دسک: نخستین اجرا</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>بعدی</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>قبلی</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>پایان</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import members</source>
        <translation>ورود اعضا از فایل</translation>
    </message>
    <message>
        <source>Import members from Excel or CSV</source>
        <translation>ورود اعضا از اکسل یا CSV</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>انتخاب فایل…</translation>
    </message>
    <message>
        <source>A list with one member per row and a mobile number column.</source>
        <translation>فهرستی با یک عضو در هر ردیف و یک ستون شماره موبایل.</translation>
    </message>
    <message>
        <source>What each column holds:</source>
        <translation>هر ستون چه چیزی است:</translation>
    </message>
    <message>
        <source>First rows of the file:</source>
        <translation>ردیف‌های اول فایل:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>ورود اعضا</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Save rejected rows as CSV…</source>
        <translation>ذخیرهٔ ردیف‌های ردشده در CSV…</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>ردیف</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>مقدار</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>دلیل</translation>
    </message>
    <message>
        <source>Choose a member list</source>
        <translation>انتخاب فهرست اعضا</translation>
    </message>
    <message>
        <source>Member lists (*.xlsx *.csv);;All files (*)</source>
        <translation>فهرست اعضا (*.xlsx *.csv);;همهٔ فایل‌ها (*)</translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation>ستون %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>will be imported</source>
        <translation>وارد می‌شود</translation>
    </message>
    <message>
        <source>Choose which column holds the mobile numbers.</source>
        <translation>مشخص کنید شماره‌های موبایل در کدام ستون است.</translation>
    </message>
    <message>
        <source>About %1 rows in the file; of the first %2, %3 can be imported.</source>
        <translation>حدود %1 ردیف در فایل؛ از %2 ردیف اول، %3 ردیف وارد می‌شود.</translation>
    </message>
    <message>
        <source>Importing members…</source>
        <translation>در حال ورود اعضا…</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was saved.</source>
        <translation>ورود لغو شد: چیزی ذخیره نشد.</translation>
    </message>
    <message>
        <source>%1 members imported; %2 rows not imported.</source>
        <translation>%1 عضو وارد شد؛ %2 ردیف وارد نشد.</translation>
    </message>
    <message>
        <source>Save rejected rows</source>
        <translation>ذخیرهٔ ردیف‌های ردشده</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Rejected rows saved to %1.</source>
        <translation>ردیف‌های ردشده در %1 ذخیره شد.</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <source>Welcome to ClubDesk</source>
        <translation>به کلاب‌دسک خوش آمدید</translation>
    </message>
    <message>
        <source>Step 1 of 7: language</source>
        <translation>گام ۱ از ۷: زبان</translation>
    </message>
    <message>
        <source>A few questions and your customer club is ready: about three minutes. Everything you choose here can be changed later in Settings.</source>
        <translation>چند پرسش و باشگاه مشتریان شما آماده است: حدود سه دقیقه. هر چه اینجا انتخاب کنید بعداً در تنظیمات قابل تغییر است.</translation>
    </message>
    <message>
        <source>Moving from another computer? Restore its backup instead of starting a new shop.</source>
        <translation>از رایانهٔ دیگری می‌آیید؟ به‌جای ساختن فروشگاه تازه، پشتیبان آن را بازگردانی کنید.</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>بازگردانی پشتیبان…</translation>
    </message>
</context>
<context>
    <name>LevelsEditor</name>
    <message>
        <source>Level %1</source>
        <translation>سطح %1</translation>
    </message>
    <message>
        <source>Level %1:</source>
        <translation>سطح %1:</translation>
    </message>
    <message>
        <source>The lowest level usually starts at 0, so every member has a level.</source>
        <translation>پایین‌ترین سطح معمولاً از ۰ شروع می‌شود تا هر عضو سطحی داشته باشد.</translation>
    </message>
    <message>
        <source>No levels: every purchase earns the same points.</source>
        <translation>بدون سطح: هر خرید به یک اندازه امتیاز می‌گیرد.</translation>
    </message>
    <message>
        <source>%1: from %2 in the last %3 days, points × %4</source>
        <translation>%1: از %2 خرید در %3 روز اخیر، امتیاز × %4</translation>
    </message>
    <message>
        <source>Members who spent less than %1 have no level.</source>
        <translation>اعضایی که کمتر از %1 خرید کرده‌اند سطحی ندارند.</translation>
    </message>
    <message>
        <source>Members move up at a purchase and back down when old purchases leave the window.</source>
        <translation>عضو هنگام خرید به سطح بالاتر می‌رود و وقتی خریدهای قدیمی از بازهٔ زمانی بیرون بروند به سطح پایین‌تر برمی‌گردد.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Minimum spend (tomans)</source>
        <translation>حداقل مجموع خرید (تومان)</translation>
    </message>
    <message>
        <source>Points multiplier</source>
        <translation>ضریب امتیاز</translation>
    </message>
    <message>
        <source>Add level</source>
        <translation>افزودن سطح</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Spend counted over the last (days)</source>
        <translation>بازهٔ شمارش خرید (روزهای اخیر)</translation>
    </message>
</context>
<context>
    <name>LicencePage</name>
    <message>
        <source>Licence</source>
        <translation>مجوز</translation>
    </message>
    <message>
        <source>Step 3 of 7. Try ClubDesk free for 14 days, or enter the licence key you bought. You can renew from inside the app at any time.</source>
        <translation>گام ۳ از ۷. کلاب‌دسک را ۱۴ روز رایگان امتحان کنید، یا کلید مجوزی را که خریده‌اید وارد کنید. تمدید هر زمان از داخل برنامه ممکن است.</translation>
    </message>
    <message>
        <source>Start a free 14-day trial</source>
        <translation>آغاز دورهٔ آزمایشی رایگان ۱۴ روزه</translation>
    </message>
    <message>
        <source>I have a licence key</source>
        <translation>کلید مجوز دارم</translation>
    </message>
    <message>
        <source>Later (ClubDesk stays locked until a licence is entered)</source>
        <translation>بعداً (تا وارد کردن مجوز، کلاب‌دسک قفل می‌ماند)</translation>
    </message>
    <message>
        <source>Licence key</source>
        <translation>کلید مجوز</translation>
    </message>
    <message>
        <source>Name of this computer</source>
        <translation>نام این رایانه</translation>
    </message>
    <message>
        <source>Licence server</source>
        <translation>سرور مجوز</translation>
    </message>
    <message>
        <source>Till 1</source>
        <translation>صندوق ۱</translation>
    </message>
    <message>
        <source>Read them…</source>
        <translation>خواندن…</translation>
    </message>
    <message>
        <source>I have read and accept the terms of service</source>
        <translation>شرایط استفاده را خوانده‌ام و می‌پذیرم</translation>
    </message>
    <message>
        <source>Using ClubDesk means accepting the vendor&apos;s terms of service (version %1).</source>
        <translation>استفاده از کلاب‌دسک یعنی پذیرفتن شرایط استفادهٔ فروشنده (نسخهٔ %1).</translation>
    </message>
    <message>
        <source>Start my trial</source>
        <translation>آغاز دورهٔ آزمایشی</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>فعال‌سازی</translation>
    </message>
    <message>
        <source>Type the licence server&apos;s address.</source>
        <translation>نشانی سرور مجوز را بنویسید.</translation>
    </message>
    <message>
        <source>Read and accept the terms of service first.</source>
        <translation>نخست شرایط استفاده را بخوانید و بپذیرید.</translation>
    </message>
    <message>
        <source>Asking the vendor for a trial licence…</source>
        <translation>در حال دریافت مجوز آزمایشی از فروشنده…</translation>
    </message>
    <message>
        <source>Type the licence key.</source>
        <translation>کلید مجوز را بنویسید.</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>در حال فعال‌سازی…</translation>
    </message>
    <message>
        <source>The licence was activated but is not valid now.</source>
        <translation>مجوز فعال شد اما اکنون معتبر نیست.</translation>
    </message>
    <message>
        <source>Your trial runs until %1. Your licence key is %2: keep it; you renew from the app.</source>
        <translation>دورهٔ آزمایشی شما تا %1 است. کلید مجوز شما %2 است: آن را نگه دارید؛ تمدید از داخل برنامه انجام می‌شود.</translation>
    </message>
    <message>
        <source>Activated: paid until %1.</source>
        <translation>فعال شد: پرداخت‌شده تا %1.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>ClubDesk is locked</source>
        <translation>کلاب‌دسک قفل است</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>بررسی دوباره</translation>
    </message>
    <message>
        <source>Renew…</source>
        <translation>تمدید…</translation>
    </message>
    <message>
        <source>Support…</source>
        <translation>پشتیبانی…</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>پشتیبان‌ها…</translation>
    </message>
    <message>
        <source>Enter a licence key</source>
        <translation>وارد کردن کلید مجوز</translation>
    </message>
    <message>
        <source>Licence key</source>
        <translation>کلید مجوز</translation>
    </message>
    <message>
        <source>Name of this computer</source>
        <translation>نام این رایانه</translation>
    </message>
    <message>
        <source>Licence server</source>
        <translation>سرور مجوز</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>فعال‌سازی</translation>
    </message>
    <message>
        <source>for example: Till 1</source>
        <translation>مثلاً: صندوق ۱</translation>
    </message>
    <message>
        <source>Business: %1</source>
        <translation>کسب‌وکار: %1</translation>
    </message>
    <message>
        <source>Paid until: %1</source>
        <translation>اعتبار تا: %1</translation>
    </message>
    <message>
        <source>Licence id to quote: %1</source>
        <translation>شناسه مجوز برای اعلام به پشتیبانی: %1</translation>
    </message>
    <message>
        <source>Your members and points are kept safe; they show again as soon as the licence is valid.</source>
        <translation>اعضا و امتیازهای شما محفوظ است؛ به محض معتبر شدن مجوز دوباره نمایش داده می‌شوند.</translation>
    </message>
    <message>
        <source>Renew online with the Renew button, or contact %1:</source>
        <translation>با دکمه «تمدید» به‌صورت آنلاین تمدید کنید، یا با %1 تماس بگیرید:</translation>
    </message>
    <message>
        <source>Contact %1:</source>
        <translation>تماس با %1:</translation>
    </message>
    <message>
        <source>Checking with the licence server…</source>
        <translation>در حال بررسی با سرور مجوز…</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>صندوق</translation>
    </message>
    <message>
        <source>Type the licence key and the licence server address.</source>
        <translation>کلید مجوز و نشانی سرور مجوز را بنویسید.</translation>
    </message>
    <message>
        <source>Activating…</source>
        <translation>در حال فعال‌سازی…</translation>
    </message>
    <message>
        <source>Still locked.</source>
        <translation>هنوز قفل است.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ClubDesk — customer club</source>
        <translation>کلاب‌دسک — باشگاه مشتریان</translation>
    </message>
    <message>
        <source>Counter (Ctrl+1)</source>
        <translation>پیشخوان (Ctrl+1)</translation>
    </message>
    <message>
        <source>Members (Ctrl+2)</source>
        <translation>اعضا (Ctrl+2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;پرونده</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;نما</translation>
    </message>
    <message>
        <source>&amp;Licence</source>
        <translation>&amp;مجوز</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;راهنما</translation>
    </message>
    <message>
        <source>Renew the licence…</source>
        <translation>تمدید مجوز…</translation>
    </message>
    <message>
        <source>Support tickets…</source>
        <translation>تیکت‌های پشتیبانی…</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>پیشخوان</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>تنظیمات…</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>نسخه‌های پشتیبان…</translation>
    </message>
    <message>
        <source>Cloud sync…</source>
        <translation>همگام‌سازی ابری…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>همگام‌سازی اکنون</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>فارسی</translation>
    </message>
    <message>
        <source>About ClubDesk</source>
        <translation>درباره کلاب‌دسک</translation>
    </message>
    <message>
        <source>News…</source>
        <translation>اخبار…</translation>
    </message>
    <message>
        <source>Check for updates</source>
        <translation>بررسی به‌روزرسانی</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Import members…</source>
        <translation>ورود اعضا از فایل…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>خروجی اکسل…</translation>
    </message>
    <message>
        <source>Expiring points…</source>
        <translation>امتیازهای رو به انقضا…</translation>
    </message>
    <message>
        <source>Reports…</source>
        <translation>گزارش‌ها…</translation>
    </message>
    <message>
        <source>&amp;SMS</source>
        <translation>&amp;پیامک</translation>
    </message>
    <message>
        <source>SMS to members…</source>
        <translation>پیامک به اعضا…</translation>
    </message>
    <message>
        <source>SMS settings…</source>
        <translation>تنظیمات پیامک…</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>تنظیمات ذخیره شد.</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>تمدید</translation>
    </message>
    <message>
        <source>Renew the licence or see your payments</source>
        <translation>تمدید مجوز یا دیدن پرداخت‌ها</translation>
    </message>
    <message>
        <source>Licence: locked</source>
        <translation>مجوز: قفل</translation>
    </message>
    <message>
        <source>Licence: %1 days left</source>
        <translation>مجوز: %1 روز مانده</translation>
    </message>
    <message>
        <source>The licence package ends on %1 (%2 days left). Renew it to keep using ClubDesk without interruption.</source>
        <translation>بسته مجوز در %1 به پایان می‌رسد (%2 روز مانده). برای استفاده بدون وقفه از کلاب‌دسک آن را تمدید کنید.</translation>
    </message>
    <message>
        <source>Licence: offline</source>
        <translation>مجوز: آفلاین</translation>
    </message>
    <message>
        <source>The licence could not be checked since %1 (no connection). ClubDesk keeps working for a while; connect to the internet.</source>
        <translation>مجوز از %1 بررسی نشده است (بدون اتصال). کلاب‌دسک مدتی به کار ادامه می‌دهد؛ به اینترنت وصل شوید.</translation>
    </message>
    <message>
        <source>Licence: active until %1</source>
        <translation>مجوز: فعال تا %1</translation>
    </message>
    <message>
        <source>The licence is still being read…</source>
        <translation>مجوز هنوز در حال خواندن است…</translation>
    </message>
    <message>
        <source>Automatic backup failed: %1</source>
        <translation>پشتیبان خودکار انجام نشد: %1</translation>
    </message>
    <message>
        <source>Automatic backup saved.</source>
        <translation>پشتیبان خودکار ذخیره شد.</translation>
    </message>
    <message>
        <source>Off-site backup failed: %1</source>
        <translation>پشتیبان ابری انجام نشد: %1</translation>
    </message>
    <message>
        <source>Backup copied off-site.</source>
        <translation>نسخهٔ پشتیبان در فضای ابری هم ذخیره شد.</translation>
    </message>
    <message>
        <source>The backup was restored.</source>
        <translation>نسخهٔ پشتیبان بازگردانده شد.</translation>
    </message>
    <message>
        <source>Checking for updates…</source>
        <translation>در حال بررسی به‌روزرسانی…</translation>
    </message>
    <message>
        <source>ClubDesk %1 is the newest version.</source>
        <translation>کلاب‌دسک %1 تازه‌ترین نسخه است.</translation>
    </message>
    <message>
        <source>Could not check for updates: %1</source>
        <translation>بررسی به‌روزرسانی ممکن نشد: %1</translation>
    </message>
    <message>
        <source>ClubDesk %1</source>
        <translation>کلاب‌دسک %1</translation>
    </message>
    <message>
        <source>Customer club for shop counters.</source>
        <translation>باشگاه مشتریان برای پیشخوان فروشگاه.</translation>
    </message>
    <message>
        <source>Licence id: %1</source>
        <translation>شناسهٔ مجوز: %1</translation>
    </message>
    <message>
        <source>Version %1 is available.</source>
        <translation>نسخهٔ %1 آماده است.</translation>
    </message>
    <message>
        <source>Data folder: %1</source>
        <translation>پوشهٔ داده‌ها: %1</translation>
    </message>
    <message>
        <source>Licence: not read yet</source>
        <translation>مجوز: هنوز خوانده نشده</translation>
    </message>
    <message>
        <source>Licence: locked (%1)</source>
        <translation>مجوز: قفل (%1)</translation>
    </message>
    <message>
        <source>Licence: offline, paid until %1</source>
        <translation>مجوز: بدون اتصال، پرداخت‌شده تا %1</translation>
    </message>
    <message>
        <source>Licence: active until %1, %2 days left</source>
        <translation>مجوز: فعال تا %1، %2 روز مانده</translation>
    </message>
</context>
<context>
    <name>MemberCardView</name>
    <message>
        <source>No member selected.
Type a mobile number or a name in the search box above.</source>
        <translation>عضوی انتخاب نشده است.
شماره موبایل یا نام را در کادر جستجوی بالا بنویسید.</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>Wallet credit</source>
        <translation>اعتبار کیف پول</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>Total spent</source>
        <translation>مجموع خرید</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>آخرین مراجعه</translation>
    </message>
    <message>
        <source>Purchase amount (tomans)</source>
        <translation>مبلغ خرید (تومان)</translation>
    </message>
    <message>
        <source>Record purchase (Enter)</source>
        <translation>ثبت خرید (Enter)</translation>
    </message>
    <message>
        <source>Print receipt (Ctrl+P)</source>
        <translation>چاپ رسید (Ctrl+P)</translation>
    </message>
    <message>
        <source>Credit to use (F6)</source>
        <translation>اعتبار مصرفی (F6)</translation>
    </message>
    <message>
        <source>Rewards (F3)</source>
        <translation>جایزه‌ها (F3)</translation>
    </message>
    <message>
        <source>Reverse purchase… (F8)</source>
        <translation>ابطال خرید… (F8)</translation>
    </message>
    <message>
        <source>F8: reverse the selected or the latest sale</source>
        <translation>F8: ابطال فروش انتخاب‌شده یا آخرین فروش</translation>
    </message>
    <message>
        <source>Adjust points…</source>
        <translation>اصلاح امتیاز…</translation>
    </message>
    <message>
        <source>Points to redeem</source>
        <translation>امتیاز برای خرج کردن</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>خرج امتیاز</translation>
    </message>
    <message>
        <source>Edit (F4)</source>
        <translation>ویرایش (F4)</translation>
    </message>
    <message>
        <source>Print card…</source>
        <translation>چاپ کارت…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Archived</source>
        <translation>بایگانی‌شده</translation>
    </message>
    <message>
        <source>Latest purchases</source>
        <translation>آخرین خریدها</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(بی‌نام)</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>بازگردانی</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>بایگانی</translation>
    </message>
    <message>
        <source>%1 points have expired and will be removed by the next expiry run.</source>
        <translation>%1 امتیاز منقضی شده است و در نوبت بعدی بررسی انقضا کسر می‌شود.</translation>
    </message>
    <message>
        <source>%1 more becomes usable after the cashback delay.</source>
        <translation>%1 دیگر پس از پایان مهلت بازگشت اعتبار قابل استفاده می‌شود.</translation>
    </message>
    <message>
        <source>never</source>
        <translation>هرگز</translation>
    </message>
    <message>
        <source>Member since %1</source>
        <translation>عضو از %1</translation>
    </message>
    <message>
        <source>Birthday %1</source>
        <translation>تولد %1</translation>
    </message>
    <message>
        <source>SMS: yes</source>
        <translation>پیامک: بله</translation>
    </message>
    <message>
        <source>SMS: no</source>
        <translation>پیامک: خیر</translation>
    </message>
    <message>
        <source>%1 (reversal)</source>
        <translation>%1 (ابطال)</translation>
    </message>
    <message>
        <source>%1 (reversed)</source>
        <translation>%1 (ابطال‌شده)</translation>
    </message>
    <message>
        <source>No purchases yet.</source>
        <translation>هنوز خریدی ثبت نشده است.</translation>
    </message>
    <message>
        <source>%1 earns %2 points</source>
        <translation>%1: %2 امتیاز می‌گیرد</translation>
    </message>
    <message>
        <source>to pay: %1</source>
        <translation>قابل پرداخت: %1</translation>
    </message>
    <message>
        <source>%1 recorded: +%2 points. Balance: %3 points.</source>
        <translation>%1 ثبت شد: %2+ امتیاز. مانده: %3 امتیاز.</translation>
    </message>
    <message>
        <source>%1 for %2 points.</source>
        <translation>%1 به ازای %2 امتیاز.</translation>
    </message>
    <message>
        <source>To pay: %1.</source>
        <translation>قابل پرداخت: %1.</translation>
    </message>
    <message>
        <source>+%1 credit, usable later.</source>
        <translation>%1+ اعتبار، قابل استفاده در آینده.</translation>
    </message>
    <message>
        <source>Now %1!</source>
        <translation>اکنون %1!</translation>
    </message>
    <message>
        <source>No sale to print: record a purchase first.</source>
        <translation>فروشی برای چاپ نیست: اول یک خرید ثبت کنید.</translation>
    </message>
    <message>
        <source>Receipt printed on %1.</source>
        <translation>رسید با %1 چاپ شد.</translation>
    </message>
    <message>
        <source>Points redeemed. Balance: %1 points.</source>
        <translation>امتیاز خرج شد. مانده: %1 امتیاز.</translation>
    </message>
    <message>
        <source>No rewards yet: the owner adds them in Settings.</source>
        <translation>هنوز جایزه‌ای تعریف نشده است: مالک فروشگاه آن‌ها را در تنظیمات اضافه می‌کند.</translation>
    </message>
    <message>
        <source>&amp;%1  %2 — %3 points</source>
        <translation>&amp;%1  %2 — %3 امتیاز</translation>
    </message>
    <message>
        <source>%1 given for %2 points. Balance: %3 points.</source>
        <translation>%1 به ازای %2 امتیاز داده شد. مانده: %3 امتیاز.</translation>
    </message>
    <message>
        <source>Reward: %1 (%2 points) ✕</source>
        <translation>جایزه: %1 (%2 امتیاز) ✕</translation>
    </message>
    <message>
        <source>Click to remove the reward from this purchase.</source>
        <translation>برای برداشتن جایزه از این خرید کلیک کنید.</translation>
    </message>
    <message>
        <source>Reverse purchase</source>
        <translation>ابطال خرید</translation>
    </message>
    <message>
        <source>Reverse the purchase of %1 on %2? Its %3 points are taken back.</source>
        <translation>خرید %1 در %2 ابطال شود؟ %3 امتیاز آن پس گرفته می‌شود.</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>ابطال</translation>
    </message>
    <message>
        <source>Purchase reversed. Balance: %1 points.</source>
        <translation>خرید ابطال شد. مانده: %1 امتیاز.</translation>
    </message>
    <message>
        <source>Points adjusted. Balance: %1 points.</source>
        <translation>امتیاز اصلاح شد. مانده: %1 امتیاز.</translation>
    </message>
</context>
<context>
    <name>MemberForm</name>
    <message>
        <source>Edit member</source>
        <translation>ویرایش عضو</translation>
    </message>
    <message>
        <source>New member</source>
        <translation>عضو جدید</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>شماره موبایل</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>Birthday (Jalali)</source>
        <translation>تاریخ تولد (شمسی)</translation>
    </message>
    <message>
        <source>Wedding anniversary (Jalali)</source>
        <translation>سالگرد ازدواج (شمسی)</translation>
    </message>
    <message>
        <source>Referred by (mobile)</source>
        <translation>معرف (شماره موبایل)</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>جنسیت</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>(optional)</source>
        <translation>(اختیاری)</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>نامشخص</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>زن</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>مرد</translation>
    </message>
    <message>
        <source>Agrees to receive SMS from the shop</source>
        <translation>با دریافت پیامک از فروشگاه موافق است</translation>
    </message>
    <message>
        <source>Type the customer&apos;s mobile number.</source>
        <translation>شماره موبایل مشتری را بنویسید.</translation>
    </message>
    <message>
        <source>Type a first or last name.</source>
        <translation>نام یا نام خانوادگی را بنویسید.</translation>
    </message>
</context>
<context>
    <name>MembersView</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>Total spent</source>
        <translation>مجموع خرید</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>آخرین مراجعه</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>تاریخ عضویت</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>بایگانی‌شده</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>جستجو</translation>
    </message>
    <message>
        <source>Mobile number, last digits or name</source>
        <translation>شماره موبایل، رقم‌های آخر یا نام</translation>
    </message>
    <message>
        <source>Find duplicates…</source>
        <translation>یافتن تکراری‌ها…</translation>
    </message>
    <message>
        <source>%1 members</source>
        <translation>%1 عضو</translation>
    </message>
    <message>
        <source>No member matches this search.</source>
        <translation>عضوی با این جستجو پیدا نشد.</translation>
    </message>
    <message>
        <source>No members yet. Register customers at the counter (F2).</source>
        <translation>هنوز عضوی ندارید. مشتریان را در پیشخوان ثبت‌نام کنید (F2).</translation>
    </message>
</context>
<context>
    <name>NewsDialog</name>
    <message>
        <source>News</source>
        <translation>اخبار</translation>
    </message>
    <message>
        <source>News from ClubDesk</source>
        <translation>اخبار کلاب‌دسک</translation>
    </message>
    <message>
        <source>No news yet. Announcements and new versions from ClubDesk appear here; the list is checked a few times a day while the internet is connected.</source>
        <translation>هنوز خبری نیست. اطلاعیه‌ها و نسخه‌های تازهٔ کلاب‌دسک اینجا می‌آیند؛ تا وقتی اینترنت وصل است، فهرست چند بار در روز بررسی می‌شود.</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>بررسی اکنون</translation>
    </message>
    <message>
        <source>Mark all as read</source>
        <translation>همه خوانده شد</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Checking for news…</source>
        <translation>در حال بررسی اخبار…</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>خوانده‌نشده</translation>
    </message>
</context>
<context>
    <name>OffsiteDialog</name>
    <message>
        <source>Off-site backups</source>
        <translation>پشتیبان‌های ابری</translation>
    </message>
    <message>
        <source>A copy of your backups on ClubDesk&apos;s server, in case this computer is lost, stolen or broken. Backups are encrypted here before they leave: the server keeps them without being able to read them, and restoring one needs your backup passphrase.</source>
        <translation>نسخه‌ای از پشتیبان‌های شما روی سرور کلاب‌دسک، برای روزی که این رایانه گم شود، دزدیده شود یا خراب شود. نسخه‌ها پیش از ارسال همین‌جا رمزگذاری می‌شوند: سرور آن‌ها را نگه می‌دارد بی‌آنکه بتواند بخواند، و برای بازگردانی، رمز پشتیبان شما لازم است.</translation>
    </message>
    <message>
        <source>Also upload automatic backups (about every six hours)</source>
        <translation>پشتیبان‌های خودکار هم ارسال شوند (حدوداً هر شش ساعت)</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>حجم</translation>
    </message>
    <message>
        <source>No off-site backups yet. Upload one to keep a copy away from this computer.</source>
        <translation>هنوز پشتیبان ابری ندارید. یک نسخه ارسال کنید تا رونوشتی دور از این رایانه داشته باشید.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <source>Restore this one…</source>
        <translation>بازگردانی این نسخه…</translation>
    </message>
    <message>
        <source>Restore nearest good…</source>
        <translation>بازگردانی نزدیک‌ترین نسخهٔ سالم…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Back up now and upload</source>
        <translation>پشتیبان‌گیری و ارسال همین حالا</translation>
    </message>
    <message>
        <source>Upload the selected backup</source>
        <translation>ارسال نسخهٔ انتخاب‌شده</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>در حال پرسیدن از سرور…</translation>
    </message>
    <message>
        <source>Using %1 of the %2 your plan includes.</source>
        <translation>%1 از %2 فضای بستهٔ شما استفاده شده است.</translation>
    </message>
    <message>
        <source>Automatic backups will be uploaded too, about every six hours.</source>
        <translation>پشتیبان‌های خودکار هم حدوداً هر شش ساعت ارسال می‌شوند.</translation>
    </message>
    <message>
        <source>Automatic backups stay on this computer only.</source>
        <translation>پشتیبان‌های خودکار فقط روی همین رایانه می‌مانند.</translation>
    </message>
    <message>
        <source>Uploading…</source>
        <translation>در حال ارسال…</translation>
    </message>
    <message>
        <source>Uploading the encrypted backup…</source>
        <translation>در حال ارسال نسخهٔ پشتیبان رمزگذاری‌شده…</translation>
    </message>
    <message>
        <source>Uploaded: the backup of %1 is kept off-site.</source>
        <translation>ارسال شد: نسخهٔ پشتیبان %1 در فضای ابری نگه داشته می‌شود.</translation>
    </message>
    <message>
        <source>Stopped; what was sent is kept and the next try continues from there.</source>
        <translation>متوقف شد؛ آنچه ارسال شده نگه داشته می‌شود و دفعهٔ بعد از همان‌جا ادامه می‌یابد.</translation>
    </message>
    <message>
        <source>Download and restore the newest off-site backup that is good?</source>
        <translation>تازه‌ترین پشتیبان ابری سالم دریافت و بازگردانده شود؟</translation>
    </message>
    <message>
        <source>Download and restore the off-site backup of %1 (%2 members)?</source>
        <translation>پشتیبان ابری %1 (%2 عضو) دریافت و بازگردانده شود؟</translation>
    </message>
    <message>
        <source>Your current data is backed up first, so this can be undone. Members added since that backup will not be in the restored data.</source>
        <translation>پیش از هر کار از داده‌های فعلی شما نسخهٔ پشتیبان گرفته می‌شود، پس این کار برگشت‌پذیر است. اعضایی که پس از آن نسخه اضافه شده‌اند در داده‌های بازگردانده نخواهند بود.</translation>
    </message>
    <message>
        <source>Downloading and restoring…</source>
        <translation>در حال دریافت و بازگردانی…</translation>
    </message>
    <message>
        <source>Downloading the backup, then restoring it…</source>
        <translation>دریافت نسخهٔ پشتیبان، سپس بازگردانی آن…</translation>
    </message>
    <message>
        <source>Stopped; nothing was changed.</source>
        <translation>متوقف شد؛ چیزی تغییر نکرد.</translation>
    </message>
    <message>
        <source>Skipped %1 off-site backups that were damaged.</source>
        <translation>%1 پشتیبان ابری آسیب‌دیده کنار گذاشته شد.</translation>
    </message>
</context>
<context>
    <name>PinPrompt</name>
    <message>
        <source>Owner&apos;s PIN</source>
        <translation>رمز ورود مالک</translation>
    </message>
    <message>
        <source>The owner&apos;s PIN is needed</source>
        <translation>رمز ورود مالک لازم است</translation>
    </message>
    <message>
        <source>To %1, the owner types their PIN here. It allows this one action.</source>
        <translation>برای %1، مالک فروشگاه باید رمز ورود خود را اینجا وارد کند. این رمز فقط همین یک کار را مجاز می‌کند.</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>تأیید</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Type the owner&apos;s PIN, or press Cancel.</source>
        <translation>رمز ورود مالک را وارد کنید یا «انصراف» را بزنید.</translation>
    </message>
</context>
<context>
    <name>PointsPage</name>
    <message>
        <source>How members earn points</source>
        <translation>اعضا چگونه امتیاز می‌گیرند</translation>
    </message>
    <message>
        <source>Step 5 of 7. Pick the closest one; fine-tune it later.</source>
        <translation>گام ۵ از ۷. نزدیک‌ترین را برگزینید؛ جزئیات را بعداً تنظیم کنید.</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>برنامه</translation>
    </message>
    <message>
        <source>One point for every (tomans)</source>
        <translation>یک امتیاز به ازای هر (تومان)</translation>
    </message>
    <message>
        <source>Rewards, levels, cashback, expiry and happy hours are in Settings (Ctrl+,).</source>
        <translation>جایزه‌ها، سطح‌ها، بازگشت وجه، انقضا و ساعت‌های شاد در تنظیمات (Ctrl+,) هستند.</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>Print…</source>
        <translation>چاپ…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>ذخیره به‌صورت PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>ذخیره شد: %1</translation>
    </message>
    <message>
        <source>The PDF could not be written to %1.</source>
        <translation>فایل PDF در %1 نوشته نشد.</translation>
    </message>
</context>
<context>
    <name>ProgrammeTabs</name>
    <message>
        <source>Earning</source>
        <translation>امتیازگیری</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>جایزه‌ها</translation>
    </message>
    <message>
        <source>Wallet and expiry</source>
        <translation>کیف پول و انقضا</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>رسیدها</translation>
    </message>
    <message>
        <source>Wallet credit (cashback)</source>
        <translation>اعتبار کیف پول (بازگشت اعتبار)</translation>
    </message>
    <message>
        <source>Points and credit that expire</source>
        <translation>انقضای امتیاز و اعتبار</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <source>Receipt (%1 mm)</source>
        <translation>رسید (%1 میلی‌متر)</translation>
    </message>
    <message>
        <source>The receipt was sent to the printer.</source>
        <translation>رسید به چاپگر فرستاده شد.</translation>
    </message>
    <message>
        <source>receipt.pdf</source>
        <translation>رسید.pdf</translation>
    </message>
    <message>
        <source>Save the receipt</source>
        <translation>ذخیرهٔ رسید</translation>
    </message>
</context>
<context>
    <name>RenewDialog</name>
    <message>
        <source>Renew the licence</source>
        <translation>تمدید مجوز</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>بسته</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>روز</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>قیمت</translation>
    </message>
    <message>
        <source>Paid until after paying</source>
        <translation>اعتبار تا، پس از پرداخت</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>مبلغ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>وضعیت</translation>
    </message>
    <message>
        <source>Bank reference</source>
        <translation>شماره پیگیری بانک</translation>
    </message>
    <message>
        <source>Pay…</source>
        <translation>پرداخت…</translation>
    </message>
    <message>
        <source>Your payments</source>
        <translation>پرداخت‌های شما</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>جزئیات…</translation>
    </message>
    <message>
        <source>Support…</source>
        <translation>پشتیبانی…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Waiting for the bank…</source>
        <translation>در انتظار بانک…</translation>
    </message>
    <message>
        <source>Pay in the browser window that opened. This window follows the payment by itself; the licence is renewed as soon as the bank confirms.</source>
        <translation>پرداخت را در پنجره مرورگری که باز شد انجام دهید. این پنجره خودش پرداخت را پیگیری می‌کند؛ به محض تأیید بانک، مجوز تمدید می‌شود.</translation>
    </message>
    <message>
        <source>Open the payment page again</source>
        <translation>باز کردن دوباره صفحه پرداخت</translation>
    </message>
    <message>
        <source>Stop waiting</source>
        <translation>توقف انتظار</translation>
    </message>
    <message>
        <source>Stopping the wait does not cancel the payment: it stays in your payments list, and a payment the bank confirms later still renews the licence.</source>
        <translation>توقف انتظار پرداخت را لغو نمی‌کند: پرداخت در فهرست پرداخت‌های شما می‌ماند و اگر بانک بعداً آن را تأیید کند، مجوز باز هم تمدید می‌شود.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>زمان</translation>
    </message>
    <message>
        <source>Paid until</source>
        <translation>اعتبار تا</translation>
    </message>
    <message>
        <source>Payment id at the bank</source>
        <translation>شناسه پرداخت در بانک</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>کارت</translation>
    </message>
    <message>
        <source>Send the details to support</source>
        <translation>فرستادن جزئیات برای پشتیبانی</translation>
    </message>
    <message>
        <source>Back to plans</source>
        <translation>بازگشت به بسته‌ها</translation>
    </message>
    <message>
        <source>Loading the plans…</source>
        <translation>در حال دریافت بسته‌ها…</translation>
    </message>
    <message>
        <source>Choose a plan and pay online; ClubDesk unlocks as soon as the bank confirms the payment.</source>
        <translation>یک بسته را انتخاب کنید و آنلاین بپردازید؛ به محض تأیید بانک، قفل کلاب‌دسک باز می‌شود.</translation>
    </message>
    <message>
        <source>The licence expired on %1.</source>
        <translation>مجوز در %1 منقضی شده است.</translation>
    </message>
    <message>
        <source>The licence is paid until %1; a new plan is added after that day.</source>
        <translation>مجوز تا %1 اعتبار دارد؛ بسته جدید از پس از آن روز افزوده می‌شود.</translation>
    </message>
    <message>
        <source>No plans are on sale right now. Contact support.</source>
        <translation>اکنون هیچ بسته‌ای برای فروش نیست. با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>Choose a payment and press Details to see what happened and what to do.</source>
        <translation>یک پرداخت را انتخاب کنید و «جزئیات» را بزنید تا ببینید چه شد و چه باید کرد.</translation>
    </message>
    <message>
        <source>No payments yet. Payments made here are listed with their bank reference.</source>
        <translation>هنوز پرداختی ندارید. پرداخت‌هایی که از اینجا انجام شوند با شماره پیگیری بانک در این فهرست می‌آیند.</translation>
    </message>
    <message>
        <source>Starting the payment…</source>
        <translation>در حال آغاز پرداخت…</translation>
    </message>
    <message>
        <source>The browser could not be opened. Open this address in a browser: %1</source>
        <translation>مرورگر باز نشد. این نشانی را در یک مرورگر باز کنید: %1</translation>
    </message>
    <message>
        <source>Paid. Renewing the licence…</source>
        <translation>پرداخت شد. در حال تمدید مجوز…</translation>
    </message>
    <message>
        <source>%1 (%2 days)</source>
        <translation>%1 (%2 روز)</translation>
    </message>
    <message>
        <source>Payment received: the licence is renewed</source>
        <translation>پرداخت دریافت شد: مجوز تمدید شد</translation>
    </message>
    <message>
        <source>Thank you. Keep the bank reference for your records.</source>
        <translation>سپاسگزاریم. شماره پیگیری بانک را برای سوابق خود نگه دارید.</translation>
    </message>
    <message>
        <source>The payment did not go through</source>
        <translation>پرداخت انجام نشد</translation>
    </message>
</context>
<context>
    <name>ReportsDialog</name>
    <message>
        <source>Reports</source>
        <translation>گزارش‌ها</translation>
    </message>
    <message>
        <source>How the club is doing</source>
        <translation>وضعیت باشگاه مشتریان</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>دوره:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>از:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>تا:</translation>
    </message>
    <message>
        <source>Show (F5)</source>
        <translation>نمایش (F5)</translation>
    </message>
    <message>
        <source>No purchases yet. Record a purchase at the counter (Ctrl+1) and the figures, charts and top customers appear here.</source>
        <translation>هنوز خریدی ثبت نشده است. در پیشخوان (Ctrl+1) یک خرید ثبت کنید تا آمار، نمودارها و مشتریان برتر اینجا نمایش داده شوند.</translation>
    </message>
    <message>
        <source>Outstanding liability (tomans)</source>
        <translation>بدهی باقی‌مانده به مشتریان (تومان)</translation>
    </message>
    <message>
        <source>Sales and visits</source>
        <translation>فروش و مراجعه</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>امتیاز</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>ماه به ماه</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>مشتریان برتر</translation>
    </message>
    <message>
        <source>Export Excel…</source>
        <translation>خروجی اکسل…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>خروجی PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Building the report…</source>
        <translation>در حال تهیهٔ گزارش…</translation>
    </message>
    <message>
        <source>Stopped; the figures shown are the previous ones.</source>
        <translation>متوقف شد؛ آمار نمایش‌داده‌شده مربوط به گزارش قبلی است.</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>ماه</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>جمع</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Spent (tomans)</source>
        <translation>خرید (تومان)</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>امتیاز گرفته‌شده</translation>
    </message>
    <message>
        <source>Sales and visits per month</source>
        <translation>فروش و مراجعه در هر ماه</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>فروش</translation>
    </message>
    <message>
        <source>Points issued, redeemed and expired per month</source>
        <translation>امتیاز داده‌شده، خرج‌شده و منقضی‌شده در هر ماه</translation>
    </message>
    <message>
        <source>Members per level</source>
        <translation>تعداد اعضای هر سطح</translation>
    </message>
    <message>
        <source>No level</source>
        <translation>بدون سطح</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>فایل اکسل (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>سند PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>ذخیرهٔ گزارش</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>در {path} ذخیره شد</translation>
    </message>
</context>
<context>
    <name>RewardsEditor</name>
    <message>
        <source>percent</source>
        <translation>درصد</translation>
    </message>
    <message>
        <source>tomans</source>
        <translation>تومان</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>بدون سقف</translation>
    </message>
    <message>
        <source>Reward %1</source>
        <translation>جایزهٔ %1</translation>
    </message>
    <message>
        <source>Reward %1:</source>
        <translation>جایزهٔ %1:</translation>
    </message>
    <message>
        <source>Points can pay at most %1% of an invoice: %2 of a %3 purchase.</source>
        <translation>با امتیاز حداکثر %1٪ از هر فاکتور را می‌توان پرداخت: %2 از خرید %3.</translation>
    </message>
    <message>
        <source>Unspent points count as %1 each in the liability report.</source>
        <translation>در گزارش بدهی، هر امتیاز خرج‌نشده %1 حساب می‌شود.</translation>
    </message>
    <message>
        <source>No rewards yet: add one, e.g. 50,000 tomans off for 100 points.</source>
        <translation>هنوز جایزه‌ای نیست: یکی اضافه کنید، مثلاً ۵۰٬۰۰۰ تومان تخفیف به ازای ۱۰۰ امتیاز.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>نوع</translation>
    </message>
    <message>
        <source>Cost (points)</source>
        <translation>هزینه (امتیاز)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>ارزش</translation>
    </message>
    <message>
        <source>Cap (tomans)</source>
        <translation>سقف (تومان)</translation>
    </message>
    <message>
        <source>Add reward</source>
        <translation>افزودن جایزه</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>حذف</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>بالا بردن</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>پایین بردن</translation>
    </message>
    <message>
        <source>Alt+Up</source>
        <translation>Alt+Up</translation>
    </message>
    <message>
        <source>Alt+Down</source>
        <translation>Alt+Down</translation>
    </message>
    <message>
        <source>Points can pay at most (% of the invoice)</source>
        <translation>حداکثر سهم پرداخت با امتیاز (٪ از فاکتور)</translation>
    </message>
    <message>
        <source>A point is worth (tomans, for reports)</source>
        <translation>ارزش هر امتیاز (تومان، برای گزارش‌ها)</translation>
    </message>
</context>
<context>
    <name>RolesController</name>
    <message>
        <source>&amp;Owner</source>
        <translation>&amp;مالک</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>تعویض کاربر…</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <translation>حساب‌های کاربری…</translation>
    </message>
    <message>
        <source>Audit log…</source>
        <translation>گزارش رویدادها…</translation>
    </message>
    <message>
        <source>No accounts yet: add them in Owner → Accounts.</source>
        <translation>هنوز حسابی نیست: از منوی «مالک ← حساب‌های کاربری…» اضافه کنید.</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>کاربر: %1 (%2)</translation>
    </message>
    <message>
        <source>Switch user (%1)</source>
        <translation>تعویض کاربر (%1)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>رسیدها</translation>
    </message>
    <message>
        <source>Paper width</source>
        <translation>عرض کاغذ</translation>
    </message>
    <message>
        <source>%1 mm</source>
        <translation>%1 میلی‌متر</translation>
    </message>
    <message>
        <source>Print a receipt on the default printer after each sale</source>
        <translation>پس از هر فروش، رسید با چاپگر پیش‌فرض چاپ شود</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>کسب‌وکار</translation>
    </message>
    <message>
        <source>Name, logo, address and phone…</source>
        <translation>نام، نشان، نشانی و تلفن…</translation>
    </message>
    <message>
        <source>Earning points</source>
        <translation>امتیازگیری</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>الگوی آماده</translation>
    </message>
    <message>
        <source>Tomans for one point</source>
        <translation>تومان به ازای هر امتیاز</translation>
    </message>
    <message>
        <source>Minimum purchase (tomans)</source>
        <translation>حداقل خرید (تومان)</translation>
    </message>
    <message>
        <source>Points per visit</source>
        <translation>امتیاز هر مراجعه</translation>
    </message>
    <message>
        <source>Joining bonus (points)</source>
        <translation>هدیهٔ عضویت (امتیاز)</translation>
    </message>
    <message>
        <source>Happy hours (Tehran time): points times the multiplier</source>
        <translation>ساعت‌های طلایی (به وقت تهران): امتیاز ضرب در ضریب</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>دلخواه</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>روز</translation>
    </message>
    <message>
        <source>From hour</source>
        <translation>از ساعت</translation>
    </message>
    <message>
        <source>To hour</source>
        <translation>تا ساعت</translation>
    </message>
    <message>
        <source>Multiplier</source>
        <translation>ضریب</translation>
    </message>
    <message>
        <source>Add happy hour</source>
        <translation>افزودن ساعت طلایی</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>حذف ردیف انتخاب‌شده</translation>
    </message>
    <message>
        <source>Happy hour %1:</source>
        <translation>ساعت طلایی %1:</translation>
    </message>
    <message>
        <source>%1 happy hour</source>
        <translation>%1 ساعت طلایی</translation>
    </message>
    <message>
        <source>%1 for the visit</source>
        <translation>%1 برای مراجعه</translation>
    </message>
    <message>
        <source>A %1 purchase on %2 at %3 earns %4 points</source>
        <translation>خرید %1 در روز %2 ساعت %3، %4 امتیاز می‌گیرد</translation>
    </message>
    <message>
        <source>A %1 purchase earns %2 points</source>
        <translation>خرید %1، %2 امتیاز می‌گیرد</translation>
    </message>
    <message>
        <source>Purchases under %1 earn no points for the amount.</source>
        <translation>خریدهای کمتر از %1 امتیاز مبلغ نمی‌گیرند.</translation>
    </message>
    <message>
        <source>A new member gets %1 points on joining.</source>
        <translation>عضو تازه هنگام عضویت %1 امتیاز هدیه می‌گیرد.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>نسخه‌های پشتیبان</translation>
    </message>
    <message>
        <source>Schedule, export and restore…</source>
        <translation>زمان‌بندی، رونوشت و بازگردانی…</translation>
    </message>
</context>
<context>
    <name>SetupBanner</name>
    <message>
        <source>Automatic backups are paused: type the backup passphrase once on this computer to resume them.</source>
        <translation>پشتیبان‌گیری خودکار متوقف است: یک بار رمز پشتیبان را روی این رایانه وارد کنید تا دوباره راه بیفتد.</translation>
    </message>
    <message>
        <source>Type the passphrase…</source>
        <translation>وارد کردن رمز…</translation>
    </message>
    <message>
        <source>Backups are not set up: if this computer breaks, the members and points are lost. Setting up takes a minute.</source>
        <translation>پشتیبان‌گیری راه‌اندازی نشده است: اگر این رایانه خراب شود، اعضا و امتیازها از دست می‌روند. راه‌اندازی یک دقیقه طول می‌کشد.</translation>
    </message>
    <message>
        <source>Set up backups…</source>
        <translation>راه‌اندازی پشتیبان‌گیری…</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>بعداً</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>ورود</translation>
    </message>
    <message>
        <source>Who is at the till?</source>
        <translation>چه کسی پشت صندوق است؟</translation>
    </message>
    <message>
        <source>Choose your name (Up/Down), type your PIN and press Enter.</source>
        <translation>نام خود را انتخاب کنید (کلیدهای بالا/پایین)، رمز ورود را بنویسید و Enter را بزنید.</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>رمز ورود</translation>
    </message>
    <message>
        <source>Quit ClubDesk</source>
        <translation>خروج از کلاب‌دسک</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>No active accounts. The owner adds them in Accounts.</source>
        <translation>هیچ حساب فعالی نیست. مالک فروشگاه حساب‌ها را در «حساب‌های کاربری» اضافه می‌کند.</translation>
    </message>
    <message>
        <source>Choose your name in the list first.</source>
        <translation>ابتدا نام خود را از فهرست انتخاب کنید.</translation>
    </message>
    <message>
        <source>Type your PIN, then press Enter.</source>
        <translation>رمز ورود خود را بنویسید و Enter را بزنید.</translation>
    </message>
</context>
<context>
    <name>SmsSettingsDialog</name>
    <message>
        <source>After each purchase</source>
        <translation>پس از هر خرید</translation>
    </message>
    <message>
        <source>Before points expire</source>
        <translation>پیش از منقضی شدن امتیاز</translation>
    </message>
    <message>
        <source>%1 SMS part(s)</source>
        <translation>%1 بخش پیامک</translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation>پیش‌نمایش:</translation>
    </message>
    <message>
        <source>SMS settings</source>
        <translation>تنظیمات پیامک</translation>
    </message>
    <message>
        <source>SMS to members</source>
        <translation>پیامک به اعضا</translation>
    </message>
    <message>
        <source>Sending line</source>
        <translation>خط ارسال</translation>
    </message>
    <message>
        <source>My own Kavenegar account</source>
        <translation>حساب کاوه‌نگار خودم</translation>
    </message>
    <message>
        <source>The vendor&apos;s line (paid from the SMS credit of your licence)</source>
        <translation>خط فروشنده (پرداخت از اعتبار پیامکی مجوز شما)</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>کلید API:</translation>
    </message>
    <message>
        <source>Sender line:</source>
        <translation>شماره خط ارسال:</translation>
    </message>
    <message>
        <source>e.g. 10004346</source>
        <translation>مثلاً ۱۰۰۰۴۳۴۶</translation>
    </message>
    <message>
        <source>Credit:</source>
        <translation>موجودی:</translation>
    </message>
    <message>
        <source>Check credit</source>
        <translation>بررسی موجودی</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>هنوز بررسی نشده</translation>
    </message>
    <message>
        <source>Price per SMS part (rials):</source>
        <translation>بهای هر بخش پیامک (ریال):</translation>
    </message>
    <message>
        <source>Shop name in messages:</source>
        <translation>نام فروشگاه در پیامک‌ها:</translation>
    </message>
    <message>
        <source>The {shop} variable, e.g. Nili boutique</source>
        <translation>متغیر {shop}، مثلاً بوتیک نیلی</translation>
    </message>
    <message>
        <source>Service messages go to every member with a mobile number; campaigns only to members who agreed to receive SMS. Variables: {name} {points} {balance} {credit} {level} {shop} {amount} {expires_on}</source>
        <translation>پیامک‌های خدماتی برای همهٔ اعضایی که شماره موبایل دارند فرستاده می‌شود؛ کمپین‌ها فقط برای اعضایی که با دریافت پیامک موافق‌اند. متغیرها: {name} {points} {balance} {credit} {level} {shop} {amount} {expires_on}</translation>
    </message>
    <message>
        <source>Send this message</source>
        <translation>این پیامک فرستاده شود</translation>
    </message>
    <message>
        <source>This computer has no secure password store: the key is kept in a file that other users of this computer may read.</source>
        <translation>این رایانه محل امنی برای نگه‌داری رمزها ندارد: کلید در فایلی نگه داشته می‌شود که دیگر کاربران این رایانه ممکن است بتوانند آن را بخوانند.</translation>
    </message>
    <message>
        <source>Stored in the system keyring (%1); type to replace</source>
        <translation>در جاکلیدی سیستم (%1) ذخیره شده است؛ برای جایگزینی، کلید تازه را بنویسید</translation>
    </message>
    <message>
        <source>Paste the key from your Kavenegar panel</source>
        <translation>کلید را از پنل کاوه‌نگار خود اینجا بچسبانید</translation>
    </message>
    <message>
        <source>Asking…</source>
        <translation>در حال پرسیدن…</translation>
    </message>
    <message>
        <source>%1 rials</source>
        <translation>%1 ریال</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>نامعلوم</translation>
    </message>
</context>
<context>
    <name>SupportDialog</name>
    <message>
        <source>Support</source>
        <translation>پشتیبانی</translation>
    </message>
    <message>
        <source>Your tickets</source>
        <translation>تیکت‌های شما</translation>
    </message>
    <message>
        <source>New ticket (Ctrl+N)</source>
        <translation>تیکت جدید (Ctrl+N)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>به‌روزرسانی</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Choose a ticket to read the conversation, or write to support with New ticket. Support answers here, usually within one working day.</source>
        <translation>برای خواندن گفتگو یک تیکت را انتخاب کنید، یا با «تیکت جدید» برای پشتیبانی بنویسید. پشتیبانی معمولاً ظرف یک روز کاری همین‌جا پاسخ می‌دهد.</translation>
    </message>
    <message>
        <source>Write a reply…</source>
        <translation>پاسخ خود را بنویسید…</translation>
    </message>
    <message>
        <source>Send reply</source>
        <translation>فرستادن پاسخ</translation>
    </message>
    <message>
        <source>New ticket</source>
        <translation>تیکت جدید</translation>
    </message>
    <message>
        <source>About</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>عنوان</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>پیام</translation>
    </message>
    <message>
        <source>Describe what happened and what you expected. Never write passwords here.</source>
        <translation>بنویسید چه اتفاقی افتاد و چه انتظاری داشتید. هرگز رمز عبور را اینجا ننویسید.</translation>
    </message>
    <message>
        <source>Payment details sent with the ticket</source>
        <translation>جزئیات پرداخت که همراه تیکت فرستاده می‌شود</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>فرستادن</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
    <message>
        <source>Loading the tickets…</source>
        <translation>در حال دریافت تیکت‌ها…</translation>
    </message>
    <message>
        <source>No tickets yet. Press New ticket to write to support.</source>
        <translation>هنوز تیکتی ندارید. برای نوشتن به پشتیبانی «تیکت جدید» را بزنید.</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 پیام تازه</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>در حال دریافت…</translation>
    </message>
    <message>
        <source>You</source>
        <translation>شما</translation>
    </message>
    <message>
        <source>Write a reply first.</source>
        <translation>ابتدا پاسخ را بنویسید.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>در حال فرستادن…</translation>
    </message>
    <message>
        <source>Payment of %1 on %2 did not renew the licence</source>
        <translation>پرداخت %1 در %2 مجوز را تمدید نکرد</translation>
    </message>
    <message>
        <source>Money was taken from my account for this payment, the licence was not renewed, and the money has not come back after 72 hours. Please check this payment.</source>
        <translation>برای این پرداخت مبلغی از حساب من کم شد، مجوز تمدید نشد و پس از ۷۲ ساعت مبلغ برنگشته است. لطفاً این پرداخت را بررسی کنید.</translation>
    </message>
    <message>
        <source>Amount: %1</source>
        <translation>مبلغ: %1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>زمان: %1</translation>
    </message>
    <message>
        <source>Payment id at the bank: %1</source>
        <translation>شناسه پرداخت در بانک: %1</translation>
    </message>
    <message>
        <source>Bank reference: %1</source>
        <translation>شماره پیگیری بانک: %1</translation>
    </message>
    <message>
        <source>Card: %1</source>
        <translation>کارت: %1</translation>
    </message>
    <message>
        <source>Write a subject and a message.</source>
        <translation>عنوان و پیام را بنویسید.</translation>
    </message>
</context>
<context>
    <name>SupportNews</name>
    <message>
        <source>%1 new reply from support</source>
        <translation>%1 پاسخ تازه از پشتیبانی</translation>
    </message>
    <message>
        <source>%1 new replies from support</source>
        <translation>%1 پاسخ تازه از پشتیبانی</translation>
    </message>
    <message>
        <source>Open Support to read it</source>
        <translation>برای خواندن، پشتیبانی را باز کنید</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Cloud sync</source>
        <translation>همگام‌سازی ابری</translation>
    </message>
    <message>
        <source>Keeps the counters of this shop in step through the licence server. Every counter keeps working alone when the internet is down and catches up later; no point earned or spent is ever lost.</source>
        <translation>صندوق‌های این فروشگاه را از راه سرور مجوز با هم همگام نگه می‌دارد. هر صندوق وقتی اینترنت قطع است به تنهایی کار می‌کند و بعداً به‌روز می‌شود؛ هیچ امتیاز گرفته یا خرج‌شده‌ای از دست نمی‌رود.</translation>
    </message>
    <message>
        <source>To check after merging counters</source>
        <translation>برای بررسی پس از یکی شدن صندوق‌ها</translation>
    </message>
    <message>
        <source>Nothing to check.</source>
        <translation>چیزی برای بررسی نیست.</translation>
    </message>
    <message>
        <source>Mark all as seen</source>
        <translation>همه دیده شد</translation>
    </message>
    <message>
        <source>Sync now (Ctrl+Shift+S)</source>
        <translation>همگام‌سازی اکنون (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
    <message>
        <source>Turn sync off</source>
        <translation>خاموش کردن همگام‌سازی</translation>
    </message>
    <message>
        <source>Turn sync on</source>
        <translation>روشن کردن همگام‌سازی</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>در حال خواندن…</translation>
    </message>
    <message>
        <source>Sync is off on this computer.</source>
        <translation>همگام‌سازی روی این رایانه خاموش است.</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>هنوز نه</translation>
    </message>
    <message>
        <source>Sync is on. Last sync: {last}. Changes waiting to be sent: {count}.</source>
        <translation>همگام‌سازی روشن است. آخرین همگام‌سازی: {last}. تغییرهای در انتظار ارسال: {count}.</translation>
    </message>
    <message>
        <source>Preparing the shop&apos;s data for sync…</source>
        <translation>آماده‌سازی داده‌های فروشگاه برای همگام‌سازی…</translation>
    </message>
    <message>
        <source>Sync is on: {count} changes will be sent.</source>
        <translation>همگام‌سازی روشن شد: {count} تغییر فرستاده می‌شود.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>در حال همگام‌سازی…</translation>
    </message>
    <message>
        <source>Syncing with the cloud…</source>
        <translation>در حال همگام‌سازی با ابر…</translation>
    </message>
    <message>
        <source>Synced: {sent} sent, {received} received.</source>
        <translation>همگام شد: {sent} فرستاده، {received} دریافت شد.</translation>
    </message>
</context>
<context>
    <name>TermsDialog</name>
    <message>
        <source>Terms of service</source>
        <translation>شرایط استفاده</translation>
    </message>
    <message>
        <source>Terms of service, version %1</source>
        <translation>شرایط استفاده، نسخهٔ %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>بستن</translation>
    </message>
</context>
<context>
    <name>TermsPanel</name>
    <message>
        <source>New terms of service</source>
        <translation>شرایط استفادهٔ تازه</translation>
    </message>
    <message>
        <source>The vendor has published version %1 of ClubDesk&apos;s terms of service. The owner reads and accepts them to go on; until then renewal, support and backups work, and your members and points are kept.</source>
        <translation>فروشنده نسخهٔ %1 شرایط استفادهٔ کلاب‌دسک را منتشر کرده است. مالک برای ادامه آن را می‌خواند و می‌پذیرد؛ تا آن زمان تمدید، پشتیبانی و پشتیبان‌گیری کار می‌کنند و اعضا و امتیازهای شما حفظ می‌شوند.</translation>
    </message>
    <message>
        <source>Accepted by</source>
        <translation>پذیرنده</translation>
    </message>
    <message>
        <source>the owner&apos;s name</source>
        <translation>نام مالک</translation>
    </message>
    <message>
        <source>I have read and accept them</source>
        <translation>خواندم و می‌پذیرم</translation>
    </message>
    <message>
        <source>Renew…</source>
        <translation>تمدید…</translation>
    </message>
    <message>
        <source>Support…</source>
        <translation>پشتیبانی…</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>پشتیبان‌گیری…</translation>
    </message>
    <message>
        <source>Loading the terms…</source>
        <translation>در حال دریافت شرایط…</translation>
    </message>
    <message>
        <source>Published %1. What changed: %2</source>
        <translation>منتشرشده در %1. تغییرات: %2</translation>
    </message>
    <message>
        <source>Published %1.</source>
        <translation>منتشرشده در %1.</translation>
    </message>
    <message>
        <source>Type the name of the person accepting the terms.</source>
        <translation>نام کسی را که شرایط را می‌پذیرد بنویسید.</translation>
    </message>
    <message>
        <source>Recording your acceptance…</source>
        <translation>در حال ثبت پذیرش شما…</translation>
    </message>
    <message>
        <source>Thank you; the terms are accepted.</source>
        <translation>سپاس؛ شرایط پذیرفته شد.</translation>
    </message>
</context>
<context>
    <name>UpdatePanel</name>
    <message>
        <source>What&apos;s new</source>
        <translation>چه چیزی تازه است</translation>
    </message>
    <message>
        <source>Download and install</source>
        <translation>دریافت و نصب</translation>
    </message>
    <message>
        <source>Install now</source>
        <translation>نصب اکنون</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>بعداً</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>پشتیبان‌گیری…</translation>
    </message>
    <message>
        <source>Support…</source>
        <translation>پشتیبانی…</translation>
    </message>
    <message>
        <source>This version of ClubDesk must be updated</source>
        <translation>این نسخهٔ کلاب‌دسک باید به‌روز شود</translation>
    </message>
    <message>
        <source>Version %1 is no longer supported. Install version %2 to keep using ClubDesk; your members, points and settings are kept.</source>
        <translation>نسخهٔ %1 دیگر پشتیبانی نمی‌شود. برای ادامهٔ کار، نسخهٔ %2 را نصب کنید؛ اعضا، امتیازها و تنظیمات شما حفظ می‌شوند.</translation>
    </message>
    <message>
        <source>ClubDesk %1 is available</source>
        <translation>کلاب‌دسک %1 آماده است</translation>
    </message>
    <message>
        <source>You have version %1. The update is downloaded and checked before it is installed.</source>
        <translation>نسخهٔ شما %1 است. به‌روزرسانی پیش از نصب دریافت و بررسی می‌شود.</translation>
    </message>
    <message>
        <source>Downloading version %1…</source>
        <translation>در حال دریافت نسخهٔ %1…</translation>
    </message>
    <message>
        <source>Downloading the update…</source>
        <translation>در حال دریافت به‌روزرسانی…</translation>
    </message>
    <message>
        <source>The installer was downloaded and checked: it is the vendor&apos;s file. Save your work, then install it.</source>
        <translation>فایل نصب دریافت و بررسی شد: همان فایل فروشنده است. کارتان را ذخیره کنید، سپس نصب کنید.</translation>
    </message>
    <message>
        <source>The download was cancelled.</source>
        <translation>دریافت لغو شد.</translation>
    </message>
    <message>
        <source>The installer has started.</source>
        <translation>نصب آغاز شد.</translation>
    </message>
    <message>
        <source>The installer could not be started. Open it yourself: %1</source>
        <translation>برنامهٔ نصب اجرا نشد. خودتان بازش کنید: %1</translation>
    </message>
</context>
<context>
    <name>VendorNews</name>
    <message>
        <source>%1 unread news item</source>
        <translation>%1 خبر خوانده‌نشده</translation>
    </message>
    <message>
        <source>%1 unread news</source>
        <translation>%1 خبر خوانده‌نشده</translation>
    </message>
    <message>
        <source>Announcements and updates from ClubDesk</source>
        <translation>اطلاعیه‌ها و به‌روزرسانی‌های کلاب‌دسک</translation>
    </message>
</context>
<context>
    <name>WalletEditor</name>
    <message>
        <source>Cashback is off: purchases give no wallet credit.</source>
        <translation>بازگشت اعتبار خاموش است: خریدها اعتبار کیف پول نمی‌دهند.</translation>
    </message>
    <message>
        <source>A %1 purchase gives %2 of credit, usable %3.</source>
        <translation>خرید %1، %2 اعتبار می‌دهد که %3 قابل استفاده است.</translation>
    </message>
    <message>
        <source>at once</source>
        <translation>بلافاصله</translation>
    </message>
    <message>
        <source>from today %1</source>
        <translation>از امروز ساعت %1</translation>
    </message>
    <message>
        <source>from tomorrow %1</source>
        <translation>از فردا ساعت %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>از %1</translation>
    </message>
    <message>
        <source>Cashback (% of the amount paid)</source>
        <translation>بازگشت اعتبار (٪ از مبلغ پرداختی)</translation>
    </message>
    <message>
        <source>Usable after (hours)</source>
        <translation>قابل استفاده پس از (ساعت)</translation>
    </message>
    <message>
        <source>0 = off</source>
        <translation>۰ = خاموش</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>ClubDesk</source>
        <translation>کلاب‌دسک</translation>
    </message>
    <message>
        <source>Open another folder…</source>
        <translation>باز کردن پوشه‌ای دیگر…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>خروج</translation>
    </message>
    <message>
        <source>Choose a data folder</source>
        <translation>انتخاب پوشه داده‌ها</translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <source>Install ClubDesk on the new computer.</source>
        <translation>کلاب‌دسک را روی رایانهٔ تازه نصب کنید.</translation>
    </message>
    <message>
        <source>Copy the backup files (ending in .cdbak) from the USB drive to a folder.</source>
        <translation>فایل‌های پشتیبان (با پسوند ‎.cdbak‎) را از فلش در یک پوشه کپی کنید.</translation>
    </message>
    <message>
        <source>Open ClubDesk; if it asks, choose a data folder. Open File → Backups.</source>
        <translation>کلاب‌دسک را باز کنید؛ اگر پرسید، یک پوشهٔ داده انتخاب کنید. منوی «پرونده ← نسخه‌های پشتیبان…» را باز کنید.</translation>
    </message>
    <message>
        <source>Press “Add folder…” and choose the folder with the backup files.</source>
        <translation>«افزودن پوشه…» را بزنید و پوشهٔ فایل‌های پشتیبان را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Press “Restore nearest good…”; type the passphrase or this code.</source>
        <translation>«بازگردانی نزدیک‌ترین نسخهٔ سالم…» را بزنید و رمز پشتیبان یا همین کد را وارد کنید.</translation>
    </message>
    <message>
        <source>ClubDesk backup recovery sheet</source>
        <translation>برگهٔ بازیابی نسخه‌های پشتیبان کلاب‌دسک</translation>
    </message>
    <message>
        <source>Recovery code (it opens every backup of this shop):</source>
        <translation>کد بازیابی (همهٔ نسخه‌های پشتیبان این فروشگاه را باز می‌کند):</translation>
    </message>
    <message>
        <source>Backups are kept in</source>
        <translation>محل نسخه‌های پشتیبان</translation>
    </message>
    <message>
        <source>and on the USB drives you export them to.</source>
        <translation>و فلش‌هایی که روی آن‌ها رونوشت گرفته‌اید.</translation>
    </message>
    <message>
        <source>To restore on a new computer</source>
        <translation>بازگردانی روی رایانهٔ تازه</translation>
    </message>
    <message>
        <source>Keep this sheet safe, away from the computer: anyone with this code and a backup file can read the members list.</source>
        <translation>این برگه را در جای امنی دور از رایانه نگه دارید: هر کس این کد و یک فایل پشتیبان را داشته باشد می‌تواند فهرست اعضا را بخواند.</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>فروشگاه</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>دستی</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>خودکار</translation>
    </message>
    <message>
        <source>On exit</source>
        <translation>هنگام خروج</translation>
    </message>
    <message>
        <source>Before an update</source>
        <translation>پیش از به‌روزرسانی</translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation>پیش از بازگردانی</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 گیگابایت</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 مگابایت</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 کیلوبایت</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 بایت</translation>
    </message>
    <message>
        <source>Needs a newer ClubDesk</source>
        <translation>نیازمند کلاب‌دسک تازه‌تر</translation>
    </message>
    <message>
        <source>Not a backup</source>
        <translation>نسخهٔ پشتیبان نیست</translation>
    </message>
    <message>
        <source>Another key</source>
        <translation>کلید دیگر</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>آسیب‌دیده</translation>
    </message>
    <message>
        <source>This backup cannot be opened with the key kept on this computer (it may come from another computer). Type the backup passphrase or the recovery code.</source>
        <translation>این نسخهٔ پشتیبان با کلید این رایانه باز نمی‌شود (شاید از رایانهٔ دیگری است). رمز پشتیبان یا کد بازیابی را وارد کنید.</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>رمز پشتیبان</translation>
    </message>
    <message>
        <source>Restored the backup of %1 (%2 members).</source>
        <translation>نسخهٔ پشتیبان %1 (%2 عضو) بازگردانده شد.</translation>
    </message>
    <message>
        <source>The data before the restore was kept in %1.</source>
        <translation>داده‌های پیش از بازگردانی در %1 نگه داشته شد.</translation>
    </message>
    <message>
        <source>Skipped %1 damaged backups: %2.</source>
        <translation>%1 نسخهٔ آسیب‌دیده کنار گذاشته شد: %2.</translation>
    </message>
</context>
<context>
    <name>buttons</name>
    <message>
        <source>Save</source>
        <translation>ذخیره</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Something went wrong.</source>
        <translation>مشکلی پیش آمد.</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, contact support.</source>
        <translation>دوباره تلاش کنید؛ اگر تکرار شد با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The value entered is not valid.</source>
        <translation>مقدار واردشده معتبر نیست.</translation>
    </message>
    <message>
        <source>Correct it and try again.</source>
        <translation>آن را اصلاح کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>This is not a valid Iranian mobile number.</source>
        <translation>این شماره موبایل ایرانی معتبری نیست.</translation>
    </message>
    <message>
        <source>Enter 11 digits starting with 09, for example 09121234567.</source>
        <translation>۱۱ رقم که با ۰۹ شروع می‌شود وارد کنید، مثلاً ۰۹۱۲۱۲۳۴۵۶۷.</translation>
    </message>
    <message>
        <source>The name is missing or too long.</source>
        <translation>نام وارد نشده یا بیش از حد طولانی است.</translation>
    </message>
    <message>
        <source>Enter a first or last name of at most 60 letters.</source>
        <translation>نام یا نام خانوادگی حداکثر ۶۰ حرفی وارد کنید.</translation>
    </message>
    <message>
        <source>The amount is not valid.</source>
        <translation>مبلغ معتبر نیست.</translation>
    </message>
    <message>
        <source>Enter a whole number of tomans greater than zero, for example 250000.</source>
        <translation>مبلغ را به تومان و به صورت عدد صحیح بزرگ‌تر از صفر وارد کنید، مثلاً ۲۵۰۰۰۰.</translation>
    </message>
    <message>
        <source>The date is not valid.</source>
        <translation>تاریخ معتبر نیست.</translation>
    </message>
    <message>
        <source>Enter a Jalali date as year/month/day, for example 1370/05/12.</source>
        <translation>تاریخ شمسی را به صورت سال/ماه/روز وارد کنید، مثلاً ۱۳۷۰/۰۵/۱۲.</translation>
    </message>
    <message>
        <source>The setting is not valid.</source>
        <translation>این تنظیم معتبر نیست.</translation>
    </message>
    <message>
        <source>The member has {balance} points; {requested} cannot be redeemed.</source>
        <translation>این عضو {balance} امتیاز دارد؛ نمی‌توان {requested} امتیاز خرج کرد.</translation>
    </message>
    <message>
        <source>Redeem at most the member&apos;s balance.</source>
        <translation>حداکثر به اندازه مانده امتیاز عضو خرج کنید.</translation>
    </message>
    <message>
        <source>The member has {balance} tomans of usable credit; {requested} cannot be used.</source>
        <translation>این عضو {balance} تومان اعتبار قابل استفاده دارد؛ نمی‌توان {requested} تومان استفاده کرد.</translation>
    </message>
    <message>
        <source>Use at most the usable credit (new credit becomes usable after the delay).</source>
        <translation>حداکثر به اندازهٔ اعتبار قابل استفاده خرج کنید (اعتبار تازه پس از پایان مهلت قابل استفاده می‌شود).</translation>
    </message>
    <message>
        <source>This purchase is not on this device.</source>
        <translation>این خرید روی این دستگاه نیست.</translation>
    </message>
    <message>
        <source>Open the member&apos;s card again and choose it.</source>
        <translation>کارت عضو را دوباره باز کنید و خرید را انتخاب کنید.</translation>
    </message>
    <message>
        <source>No member has this mobile number.</source>
        <translation>عضوی با این شماره موبایل نیست.</translation>
    </message>
    <message>
        <source>Check the number or register the member first.</source>
        <translation>شماره را بررسی کنید یا ابتدا عضو را ثبت‌نام کنید.</translation>
    </message>
    <message>
        <source>This card is not a member of this shop.</source>
        <translation>این کارت متعلق به هیچ عضوی از این فروشگاه نیست.</translation>
    </message>
    <message>
        <source>Search by the customer&apos;s mobile number instead, or print them a new card.</source>
        <translation>به‌جای آن با شمارهٔ موبایل مشتری جستجو کنید، یا برایش کارت تازه‌ای چاپ کنید.</translation>
    </message>
    <message>
        <source>Another member ({name}) has this mobile number.</source>
        <translation>این شماره موبایل متعلق به عضو دیگری ({name}) است.</translation>
    </message>
    <message>
        <source>Check the number; each mobile number belongs to one member.</source>
        <translation>شماره را بررسی کنید؛ هر شماره موبایل فقط به یک عضو تعلق دارد.</translation>
    </message>
    <message>
        <source>This member is archived.</source>
        <translation>این عضو بایگانی شده است.</translation>
    </message>
    <message>
        <source>Restore the member before recording purchases.</source>
        <translation>پیش از ثبت خرید، عضو را بازگردانید.</translation>
    </message>
    <message>
        <source>Nothing was changed. Open another data folder or contact support.</source>
        <translation>هیچ تغییری داده نشد. پوشه داده دیگری را باز کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The file {path} is not a ClubDesk database.</source>
        <translation>پرونده {path} پایگاه داده کلاب‌دسک نیست.</translation>
    </message>
    <message>
        <source>The database {path} is damaged.</source>
        <translation>پایگاه داده {path} آسیب دیده است.</translation>
    </message>
    <message>
        <source>The database {path} was made by a newer version of ClubDesk.</source>
        <translation>پایگاه داده {path} با نسخه جدیدتری از کلاب‌دسک ساخته شده است.</translation>
    </message>
    <message>
        <source>Nothing was changed. Update ClubDesk, or open another data folder.</source>
        <translation>هیچ تغییری داده نشد. کلاب‌دسک را به‌روز کنید یا پوشه داده دیگری را باز کنید.</translation>
    </message>
    <message>
        <source>The data folder {path} cannot be used.</source>
        <translation>از پوشه داده {path} نمی‌توان استفاده کرد.</translation>
    </message>
    <message>
        <source>Check that the folder exists and is writable, or choose another one.</source>
        <translation>بررسی کنید پوشه وجود دارد و قابل نوشتن است، یا پوشه دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>Your current data was not changed. Try another backup or contact support.</source>
        <translation>داده‌های فعلی شما تغییری نکرد. پشتیبان دیگری را امتحان کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The file {path} is not a ClubDesk backup.</source>
        <translation>فایل {path} پشتیبان کلاب‌دسک نیست.</translation>
    </message>
    <message>
        <source>Choose a file ending in .cdbak made by ClubDesk&apos;s backup.</source>
        <translation>فایلی با پسوند ‎.cdbak‎ را انتخاب کنید که پشتیبان‌گیری کلاب‌دسک ساخته است.</translation>
    </message>
    <message>
        <source>The backup {path} is damaged or incomplete ({problem}).</source>
        <translation>پشتیبان {path} آسیب دیده یا ناقص است ({problem}).</translation>
    </message>
    <message>
        <source>Your current data was not changed. Use another backup (the nearest good one).</source>
        <translation>داده‌های فعلی شما تغییری نکرد. از پشتیبان دیگری (نزدیک‌ترین پشتیبان سالم) استفاده کنید.</translation>
    </message>
    <message>
        <source>Wrong backup passphrase: the backup {path} cannot be opened with it.</source>
        <translation>رمز پشتیبان اشتباه است: پشتیبان {path} با آن باز نمی‌شود.</translation>
    </message>
    <message>
        <source>Type the passphrase chosen when backups were set up, or the recovery code.</source>
        <translation>رمزی را که هنگام راه‌اندازی پشتیبان‌گیری انتخاب کردید، یا کد بازیابی را وارد کنید.</translation>
    </message>
    <message>
        <source>Wrong backup passphrase or recovery code.</source>
        <translation>رمز پشتیبان یا کد بازیابی اشتباه است.</translation>
    </message>
    <message>
        <source>The backup {path} was made with another backup key than this computer&apos;s.</source>
        <translation>پشتیبان {path} با کلید پشتیبانی غیر از کلید این رایانه ساخته شده است.</translation>
    </message>
    <message>
        <source>Type the backup passphrase or the recovery code that was used when it was made.</source>
        <translation>رمز پشتیبان یا کد بازیابی‌ای را وارد کنید که هنگام ساختن آن به کار می‌رفت.</translation>
    </message>
    <message>
        <source>The backup {path} was made by a newer version of ClubDesk ({version}).</source>
        <translation>پشتیبان {path} با نسخه‌ی جدیدتری از کلاب‌دسک ({version}) ساخته شده است.</translation>
    </message>
    <message>
        <source>Nothing was changed. Update ClubDesk, then restore it again.</source>
        <translation>چیزی تغییر نکرد. کلاب‌دسک را به‌روز کنید و سپس دوباره بازیابی کنید.</translation>
    </message>
    <message>
        <source>Backups are not set up on this computer yet.</source>
        <translation>پشتیبان‌گیری هنوز روی این رایانه راه‌اندازی نشده است.</translation>
    </message>
    <message>
        <source>Choose a backup passphrase in Backups (or give it to the command).</source>
        <translation>در بخش پشتیبان‌ها یک رمز پشتیبان انتخاب کنید (یا آن را به فرمان بدهید).</translation>
    </message>
    <message>
        <source>The backup passphrase must have at least {minimum} characters.</source>
        <translation>رمز پشتیبان باید دست‌کم {minimum} نویسه داشته باشد.</translation>
    </message>
    <message>
        <source>Choose a longer one, for example a sentence you will remember.</source>
        <translation>رمز بلندتری انتخاب کنید، مثلاً جمله‌ای که به یاد می‌ماند.</translation>
    </message>
    <message>
        <source>No backup that verifies was found.</source>
        <translation>هیچ پشتیبان سالمی پیدا نشد.</translation>
    </message>
    <message>
        <source>Look for backups on a USB drive or another folder, or contact support.</source>
        <translation>پشتیبان‌ها را روی فلش USB یا در پوشه‌ی دیگری جست‌وجو کنید، یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>Another backup or restore is running.</source>
        <translation>پشتیبان‌گیری یا بازیابی دیگری در حال انجام است.</translation>
    </message>
    <message>
        <source>Wait for it to finish, then try again.</source>
        <translation>صبر کنید تا تمام شود، سپس دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The database copy changed while the backup was being written.</source>
        <translation>نسخه‌ی پایگاه داده هنگام نوشتن پشتیبان تغییر کرد.</translation>
    </message>
    <message>
        <source>No backup was saved. Make the backup again.</source>
        <translation>هیچ پشتیبانی ذخیره نشد. دوباره پشتیبان بگیرید.</translation>
    </message>
    <message>
        <source>The backup could not be copied to {path}.</source>
        <translation>پشتیبان در {path} کپی نشد.</translation>
    </message>
    <message>
        <source>Check the drive and try again.</source>
        <translation>درایو را بررسی کنید و دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>Not enough free space on {path}: {needed} needed, {free} free.</source>
        <translation>فضای خالی کافی در {path} نیست: {needed} لازم است و {free} خالی است.</translation>
    </message>
    <message>
        <source>Free some space or use another drive; nothing was written.</source>
        <translation>کمی فضا آزاد کنید یا درایو دیگری به کار ببرید؛ چیزی نوشته نشد.</translation>
    </message>
    <message>
        <source>{path} cannot be written to (read-only).</source>
        <translation>در {path} نمی‌توان نوشت (فقط‌خواندنی است).</translation>
    </message>
    <message>
        <source>Check the drive&apos;s lock switch or choose another drive or folder.</source>
        <translation>کلید قفل درایو را بررسی کنید یا درایو یا پوشه‌ی دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>The drive {path} was removed or stopped answering during the copy.</source>
        <translation>درایو {path} هنگام کپی جدا شد یا دیگر پاسخ نداد.</translation>
    </message>
    <message>
        <source>Plug it in again and repeat the export; no partial backup was left on it.</source>
        <translation>آن را دوباره وصل کنید و خروجی گرفتن را تکرار کنید؛ هیچ پشتیبان ناقصی روی آن نماند.</translation>
    </message>
    <message>
        <source>The backup ({size}) is larger than {path} can hold in one file (FAT32: 4 GiB).</source>
        <translation>پشتیبان ({size}) بزرگ‌تر از حدی است که {path} در یک فایل نگه می‌دارد (FAT32: ۴ گیگابایت).</translation>
    </message>
    <message>
        <source>Format the drive as exFAT or NTFS, or choose another drive.</source>
        <translation>درایو را با exFAT یا NTFS فرمت کنید، یا درایو دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>The member&apos;s name is missing.</source>
        <translation>نام عضو وارد نشده است.</translation>
    </message>
    <message>
        <source>Type a first or last name, then save again.</source>
        <translation>نام یا نام خانوادگی را بنویسید و دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>The note is longer than 500 characters.</source>
        <translation>یادداشت بیش از ۵۰۰ نویسه است.</translation>
    </message>
    <message>
        <source>Shorten the note and save again.</source>
        <translation>یادداشت را کوتاه کنید و دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>The mobile number of the member who referred them is not valid.</source>
        <translation>شماره موبایل معرف معتبر نیست.</translation>
    </message>
    <message>
        <source>Type the friend&apos;s member mobile, for example 09121234567, or leave it empty.</source>
        <translation>شماره موبایل دوستی را که عضو است بنویسید، مثلاً ۰۹۱۲۱۲۳۴۵۶۷، یا آن را خالی بگذارید.</translation>
    </message>
    <message>
        <source>No member has the referrer&apos;s mobile number {entered}.</source>
        <translation>هیچ عضوی شماره موبایل معرف ({entered}) را ندارد.</translation>
    </message>
    <message>
        <source>Check the number, or register the friend first; or leave it empty.</source>
        <translation>شماره را بررسی کنید، یا اول دوستتان را ثبت‌نام کنید؛ یا آن را خالی بگذارید.</translation>
    </message>
    <message>
        <source>Tomans per point must be a whole number from 1 to 100,000,000.</source>
        <translation>تومان به ازای هر امتیاز باید عددی صحیح از ۱ تا ۱۰۰٬۰۰۰٬۰۰۰ باشد.</translation>
    </message>
    <message>
        <source>Points to redeem must be a whole number above zero.</source>
        <translation>امتیاز خرج‌شده باید عددی صحیح و بزرگ‌تر از صفر باشد.</translation>
    </message>
    <message>
        <source>Type the number of points, for example 50.</source>
        <translation>تعداد امتیاز را بنویسید، مثلاً ۵۰.</translation>
    </message>
    <message>
        <source>The number of members must be above zero.</source>
        <translation>تعداد اعضا باید بیشتر از صفر باشد.</translation>
    </message>
    <message>
        <source>Nothing called {kind} can be exported.</source>
        <translation>چیزی به نام {kind} برای خروجی وجود ندارد.</translation>
    </message>
    <message>
        <source>Export members, purchases or ledger.</source>
        <translation>اعضا، خریدها یا دفتر امتیازها را خروجی بگیرید.</translation>
    </message>
    <message>
        <source>These are the same member.</source>
        <translation>این دو یک عضو هستند.</translation>
    </message>
    <message>
        <source>Choose two different members to merge.</source>
        <translation>دو عضو متفاوت را برای یکی‌کردن انتخاب کنید.</translation>
    </message>
    <message>
        <source>This member is no longer on this device.</source>
        <translation>این عضو دیگر روی این دستگاه نیست.</translation>
    </message>
    <message>
        <source>Search for the member again.</source>
        <translation>دوباره عضو را جستجو کنید.</translation>
    </message>
    <message>
        <source>Request id for support: {id}</source>
        <translation>شناسهٔ درخواست برای پشتیبانی: {id}</translation>
    </message>
    <message>
        <source>Something went wrong. Try again; if it keeps happening, contact support.</source>
        <translation>مشکلی پیش آمد. دوباره تلاش کنید؛ اگر تکرار شد با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The licence is locked: {reason}.</source>
        <translation>مجوز قفل است: {reason}.</translation>
    </message>
    <message>
        <source>Renew the licence, enter another licence key, or contact support.</source>
        <translation>مجوز را تمدید کنید، کلید مجوز دیگری وارد کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The new terms of service (version {version}) have not been accepted yet.</source>
        <translation>شرایط استفادهٔ تازه (نسخهٔ {version}) هنوز پذیرفته نشده است.</translation>
    </message>
    <message>
        <source>The owner reads and accepts them in ClubDesk; renewal, support and backups work meanwhile.</source>
        <translation>مالک آن را در کلاب‌دسک می‌خواند و می‌پذیرد؛ در این مدت تمدید، پشتیبانی و پشتیبان‌گیری کار می‌کنند.</translation>
    </message>
    <message>
        <source>The licence server cannot be reached.</source>
        <translation>به سرور مجوز دسترسی نیست.</translation>
    </message>
    <message>
        <source>Check the internet connection; the app keeps working during the grace period.</source>
        <translation>اتصال اینترنت را بررسی کنید؛ برنامه در دوره مهلت به کار خود ادامه می‌دهد.</translation>
    </message>
    <message>
        <source>This licence is already in use on all the computers it allows.</source>
        <translation>این مجوز روی همه رایانه‌هایی که اجازه می‌دهد در حال استفاده است.</translation>
    </message>
    <message>
        <source>Deactivate it on a computer you no longer use, or contact support.</source>
        <translation>آن را روی رایانه‌ای که دیگر استفاده نمی‌کنید غیرفعال کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>No licence has this key.</source>
        <translation>مجوزی با این کلید وجود ندارد.</translation>
    </message>
    <message>
        <source>Check the key as printed on your invoice and try again.</source>
        <translation>کلید را مطابق فاکتور بررسی کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>This licence has been revoked.</source>
        <translation>این مجوز باطل شده است.</translation>
    </message>
    <message>
        <source>Contact support.</source>
        <translation>با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>This licence is suspended.</source>
        <translation>این مجوز معلق شده است.</translation>
    </message>
    <message>
        <source>Contact support to have it reactivated.</source>
        <translation>برای فعال‌سازی دوباره با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>This computer&apos;s activation is no longer valid.</source>
        <translation>فعال‌سازی این رایانه دیگر معتبر نیست.</translation>
    </message>
    <message>
        <source>Enter the licence key again.</source>
        <translation>کلید مجوز را دوباره وارد کنید.</translation>
    </message>
    <message>
        <source>Too many attempts in a short time.</source>
        <translation>تلاش‌های زیادی در زمان کوتاه انجام شده است.</translation>
    </message>
    <message>
        <source>Wait a few minutes and try again.</source>
        <translation>چند دقیقه صبر کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>This plan is no longer on sale.</source>
        <translation>این بسته دیگر فروخته نمی‌شود.</translation>
    </message>
    <message>
        <source>Open the renewal window again and choose another plan.</source>
        <translation>پنجره تمدید را دوباره باز کنید و بسته دیگری انتخاب کنید.</translation>
    </message>
    <message>
        <source>The off-site backup storage of this licence is full.</source>
        <translation>فضای پشتیبان ابری این مجوز پر است.</translation>
    </message>
    <message>
        <source>Part of the backup kept arriving damaged at the server.</source>
        <translation>بخشی از نسخهٔ پشتیبان بارها آسیب‌دیده به سرور رسید.</translation>
    </message>
    <message>
        <source>Check the internet connection and upload again; the parts already received are kept.</source>
        <translation>اتصال اینترنت را بررسی کنید و دوباره ارسال کنید؛ بخش‌هایی که رسیده‌اند نگه داشته می‌شوند.</translation>
    </message>
    <message>
        <source>The server has not received the whole backup yet.</source>
        <translation>سرور هنوز همهٔ نسخهٔ پشتیبان را دریافت نکرده است.</translation>
    </message>
    <message>
        <source>Upload it again; it continues where it stopped.</source>
        <translation>دوباره ارسال کنید؛ از همان جایی که متوقف شد ادامه می‌یابد.</translation>
    </message>
    <message>
        <source>The uploaded backup did not arrive intact, so the server discarded it.</source>
        <translation>نسخهٔ ارسال‌شده سالم نرسید، پس سرور آن را کنار گذاشت.</translation>
    </message>
    <message>
        <source>Upload it again.</source>
        <translation>دوباره ارسال کنید.</translation>
    </message>
    <message>
        <source>The server has no such off-site backup of this licence.</source>
        <translation>سرور چنین پشتیبان ابری‌ای برای این مجوز ندارد.</translation>
    </message>
    <message>
        <source>Refresh the list of off-site backups and choose again.</source>
        <translation>فهرست پشتیبان‌های ابری را به‌روز کنید و دوباره انتخاب کنید.</translation>
    </message>
    <message>
        <source>The server does not know this payment.</source>
        <translation>سرور این پرداخت را نمی‌شناسد.</translation>
    </message>
    <message>
        <source>Open the payments list again, or contact support.</source>
        <translation>فهرست پرداخت‌ها را دوباره باز کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The payment gateway is not answering right now.</source>
        <translation>درگاه پرداخت اکنون پاسخ نمی‌دهد.</translation>
    </message>
    <message>
        <source>No money was taken. Try again in a few minutes.</source>
        <translation>مبلغی کم نشده است. چند دقیقه دیگر دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The payment gateway refused to start the payment.</source>
        <translation>درگاه پرداخت آغاز پرداخت را نپذیرفت.</translation>
    </message>
    <message>
        <source>No money was taken. Try again later, or contact support.</source>
        <translation>مبلغی کم نشده است. بعداً دوباره تلاش کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The server does not know this ticket.</source>
        <translation>سرور این تیکت را نمی‌شناسد.</translation>
    </message>
    <message>
        <source>Open the support window again.</source>
        <translation>پنجره پشتیبانی را دوباره باز کنید.</translation>
    </message>
    <message>
        <source>The terms of service changed while you were reading them.</source>
        <translation>شرایط استفاده هنگامی که آن را می‌خواندید تغییر کرد.</translation>
    </message>
    <message>
        <source>Read the current terms and accept them again.</source>
        <translation>شرایط کنونی را بخوانید و دوباره بپذیرید.</translation>
    </message>
    <message>
        <source>This computer or this mobile number has had its free trial already.</source>
        <translation>این رایانه یا این شمارهٔ موبایل پیش‌تر از دورهٔ آزمایشی رایگان استفاده کرده است.</translation>
    </message>
    <message>
        <source>Enter the licence key you bought, or contact the vendor to buy one.</source>
        <translation>کلید مجوزی را که خریده‌اید وارد کنید، یا برای خرید با فروشنده تماس بگیرید.</translation>
    </message>
    <message>
        <source>This licence has expired.</source>
        <translation>این مجوز منقضی شده است.</translation>
    </message>
    <message>
        <source>Renew it from the licence window; your data is kept.</source>
        <translation>آن را از پنجرهٔ مجوز تمدید کنید؛ اطلاعات شما حفظ می‌شود.</translation>
    </message>
    <message>
        <source>The licence server refused: {detail}</source>
        <translation>سرور مجوز نپذیرفت: {detail}</translation>
    </message>
    <message>
        <source>Check the licence key or contact support.</source>
        <translation>کلید مجوز را بررسی کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The licence key or device name is not valid.</source>
        <translation>کلید مجوز یا نام دستگاه معتبر نیست.</translation>
    </message>
    <message>
        <source>Type the key exactly as it was given to you.</source>
        <translation>کلید را دقیقاً همان‌طور که به شما داده شده بنویسید.</translation>
    </message>
    <message>
        <source>This computer is not activated yet.</source>
        <translation>این رایانه هنوز فعال نشده است.</translation>
    </message>
    <message>
        <source>Enter your licence key first; to buy a new licence, contact the vendor.</source>
        <translation>ابتدا کلید مجوز خود را وارد کنید؛ برای خرید مجوز تازه با فروشنده تماس بگیرید.</translation>
    </message>
    <message>
        <source>The free trial needs the owner&apos;s mobile number.</source>
        <translation>دورهٔ آزمایشی به شمارهٔ موبایل مالک نیاز دارد.</translation>
    </message>
    <message>
        <source>Type the mobile number that licence reminders should go to.</source>
        <translation>شمارهٔ موبایلی را بنویسید که یادآوری‌های مجوز باید به آن برسد.</translation>
    </message>
    <message>
        <source>The subject or the message is empty or too long.</source>
        <translation>عنوان یا پیام خالی یا بیش از اندازه بلند است.</translation>
    </message>
    <message>
        <source>Write a subject of at most 200 letters and a message of at most 5000.</source>
        <translation>عنوانی تا ۲۰۰ حرف و پیامی تا ۵۰۰۰ حرف بنویسید.</translation>
    </message>
    <message>
        <source>The copy on {path} does not match the backup (the drive may be failing).</source>
        <translation>نسخه‌ی روی {path} با پشتیبان یکی نیست (ممکن است درایو خراب باشد).</translation>
    </message>
    <message>
        <source>Backups are already set up on this computer.</source>
        <translation>پشتیبان‌گیری روی این رایانه از قبل راه‌اندازی شده است.</translation>
    </message>
    <message>
        <source>Change the backup passphrase instead, or confirm that new keys should replace them.</source>
        <translation>به‌جای آن عبارت عبور پشتیبان را تغییر دهید، یا تأیید کنید که کلیدهای تازه جای آن‌ها را بگیرند.</translation>
    </message>
    <message>
        <source>Say who accepts the terms of service.</source>
        <translation>بگویید چه کسی شرایط استفاده را می‌پذیرد.</translation>
    </message>
    <message>
        <source>Give --as &quot;the owner&apos;s name&quot; with --accept.</source>
        <translation>همراه --accept گزینهٔ --as &quot;نام مالک&quot; را بدهید.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>دو عبارت عبور با هم یکی نیستند.</translation>
    </message>
    <message>
        <source>No backup passphrase was given.</source>
        <translation>عبارت عبور پشتیبان داده نشد.</translation>
    </message>
    <message>
        <source>Give it with --passphrase-file FILE or CLUBDESK_BACKUP_PASSPHRASE.</source>
        <translation>آن را با ‎--passphrase-file FILE‎ یا ‎CLUBDESK_BACKUP_PASSPHRASE‎ بدهید.</translation>
    </message>
    <message>
        <source>Name one backup file, or ask for --nearest.</source>
        <translation>یک فایل پشتیبان نام ببرید، یا ‎--nearest‎ را بخواهید.</translation>
    </message>
    <message>
        <source>Name one backup file, or ask for --latest.</source>
        <translation>یک فایل پشتیبان نام ببرید، یا ‎--latest‎ را بخواهید.</translation>
    </message>
    <message>
        <source>There is no backup to upload yet.</source>
        <translation>هنوز نسخهٔ پشتیبانی برای ارسال نیست.</translation>
    </message>
    <message>
        <source>Make one first with: clubdesk backup create</source>
        <translation>اول یکی بسازید با: clubdesk backup create</translation>
    </message>
    <message>
        <source>Name one off-site backup id, or ask for --nearest.</source>
        <translation>شناسهٔ یک پشتیبان ابری را بنویسید، یا ‎--nearest‎ را بخواهید.</translation>
    </message>
    <message>
        <source>Cloud sync is off on this computer.</source>
        <translation>همگام‌سازی ابری روی این رایانه خاموش است.</translation>
    </message>
    <message>
        <source>Switch it on with `clubdesk sync on` first.</source>
        <translation>نخست آن را با `clubdesk sync on` روشن کنید.</translation>
    </message>
    <message>
        <source>The off-site backup storage is full: {used} of {quota} used, and this backup needs {needed}.</source>
        <translation>فضای پشتیبان ابری پر است: {used} از {quota} استفاده شده و این نسخه {needed} جا لازم دارد.</translation>
    </message>
    <message>
        <source>Older off-site backups are deleted by themselves as new ones arrive; for more room, renew with a plan that has more storage, or contact support.</source>
        <translation>با رسیدن نسخه‌های تازه، پشتیبان‌های ابری قدیمی‌تر خودبه‌خود پاک می‌شوند؛ برای فضای بیشتر، با بسته‌ای که فضای بیشتری دارد تمدید کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The server holds no off-site backup yet.</source>
        <translation>هنوز هیچ پشتیبان ابری‌ای روی سرور نیست.</translation>
    </message>
    <message>
        <source>Upload one from Backups on the computer that has the shop&apos;s data.</source>
        <translation>از بخش نسخه‌های پشتیبان، روی رایانه‌ای که داده‌های فروشگاه را دارد، یک نسخه ارسال کنید.</translation>
    </message>
    <message>
        <source>The file {name} cannot be imported.</source>
        <translation>فایل {name} قابل ورود نیست.</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel (.xlsx) file with one member per row.</source>
        <translation>یک فایل CSV یا اکسل (.xlsx) با یک عضو در هر ردیف انتخاب کنید.</translation>
    </message>
    <message>
        <source>ClubDesk cannot read or write {name}: only .csv and .xlsx files.</source>
        <translation>کلاب‌دسک نمی‌تواند {name} را بخواند یا بنویسد: فقط فایل‌های .csv و .xlsx.</translation>
    </message>
    <message>
        <source>In Excel use Save As and choose Excel Workbook (.xlsx) or CSV UTF-8.</source>
        <translation>در اکسل با Save As قالب Excel Workbook (.xlsx) یا CSV UTF-8 را انتخاب کنید.</translation>
    </message>
    <message>
        <source>The file {name} cannot be read.</source>
        <translation>فایل {name} خوانده نمی‌شود.</translation>
    </message>
    <message>
        <source>Check that it exists, is a real CSV or Excel file, and is not open elsewhere.</source>
        <translation>مطمئن شوید فایل وجود دارد، واقعاً CSV یا اکسل است و در برنامهٔ دیگری باز نیست.</translation>
    </message>
    <message>
        <source>The file {name} has no members in it.</source>
        <translation>فایل {name} هیچ عضوی ندارد.</translation>
    </message>
    <message>
        <source>Choose a file with a header row and at least one member below it.</source>
        <translation>فایلی با یک ردیف عنوان و دست‌کم یک عضو زیر آن انتخاب کنید.</translation>
    </message>
    <message>
        <source>No column of {name} is marked as the mobile.</source>
        <translation>هیچ ستونی از {name} به‌عنوان موبایل مشخص نشده است.</translation>
    </message>
    <message>
        <source>Choose which column holds the mobile numbers (--map COLUMN=phone).</source>
        <translation>مشخص کنید شماره‌های موبایل در کدام ستون است (--map COLUMN=phone).</translation>
    </message>
    <message>
        <source>The file {name} is too large to be a member list ({size}).</source>
        <translation>فایل {name} برای یک فهرست اعضا بیش از حد بزرگ است ({size}).</translation>
    </message>
    <message>
        <source>Split it into files of at most 1,000,000 rows and 256 MB; nothing was saved.</source>
        <translation>آن را به فایل‌هایی با حداکثر ۱٬۰۰۰٬۰۰۰ ردیف و ۲۵۶ مگابایت تقسیم کنید؛ چیزی ذخیره نشد.</translation>
    </message>
    <message>
        <source>The column mapping {entry} is not valid.</source>
        <translation>نگاشت ستون {entry} معتبر نیست.</translation>
    </message>
    <message>
        <source>Write COLUMN=FIELD with a column name or number from the file and a field: phone, first_name, last_name, birthday, gender, note, sms_consent or ignore.</source>
        <translation>به شکل COLUMN=FIELD بنویسید، با نام یا شمارهٔ یک ستون از فایل و یکی از فیلدهای phone، first_name، last_name، birthday، gender، note، sms_consent یا ignore.</translation>
    </message>
    <message>
        <source>The file {name} could not be written.</source>
        <translation>فایل {name} نوشته نشد.</translation>
    </message>
    <message>
        <source>Check that the folder exists and is writable, and close the file in Excel.</source>
        <translation>مطمئن شوید پوشه وجود دارد و قابل نوشتن است، و فایل را در اکسل ببندید.</translation>
    </message>
    <message>
        <source>A happy hour multiplier must be from 1 to 10.</source>
        <translation>ضریب ساعت طلایی باید از ۱ تا ۱۰ باشد.</translation>
    </message>
    <message>
        <source>Enter for example 2 for double points, or 1.5.</source>
        <translation>مثلاً ۲ برای امتیاز دوبرابر، یا ۱٫۵ وارد کنید.</translation>
    </message>
    <message>
        <source>A happy hour multiplier has at most two decimals.</source>
        <translation>ضریب ساعت طلایی حداکثر دو رقم اعشار دارد.</translation>
    </message>
    <message>
        <source>A happy hour&apos;s day must be Saturday to Friday.</source>
        <translation>روز ساعت طلایی باید از شنبه تا جمعه باشد.</translation>
    </message>
    <message>
        <source>Enter whole hours, for example from 10 to 12.</source>
        <translation>ساعت‌ها را کامل وارد کنید، مثلاً از ۱۰ تا ۱۲.</translation>
    </message>
    <message>
        <source>A happy hour must start at an hour from 0 to 23.</source>
        <translation>ساعت طلایی باید در ساعتی از ۰ تا ۲۳ شروع شود.</translation>
    </message>
    <message>
        <source>A happy hour must end at an hour from 1 to 24.</source>
        <translation>ساعت طلایی باید در ساعتی از ۱ تا ۲۴ تمام شود.</translation>
    </message>
    <message>
        <source>A happy hour must end after it starts.</source>
        <translation>پایان ساعت طلایی باید بعد از شروع آن باشد.</translation>
    </message>
    <message>
        <source>For hours past midnight add a second row for the next day.</source>
        <translation>برای ساعت‌های بعد از نیمه‌شب، ردیف دیگری برای روز بعد اضافه کنید.</translation>
    </message>
    <message>
        <source>The minimum purchase must be zero or more tomans.</source>
        <translation>حداقل خرید باید صفر یا بیشتر (تومان) باشد.</translation>
    </message>
    <message>
        <source>Enter 0 to give points for every purchase.</source>
        <translation>برای امتیاز دادن به همهٔ خریدها ۰ وارد کنید.</translation>
    </message>
    <message>
        <source>Points per visit must be a whole number from 0 to 100,000.</source>
        <translation>امتیاز هر مراجعه باید عددی صحیح از ۰ تا ۱۰۰٬۰۰۰ باشد.</translation>
    </message>
    <message>
        <source>The joining bonus must be a whole number from 0 to 1,000,000.</source>
        <translation>هدیهٔ عضویت باید عددی صحیح از ۰ تا ۱٬۰۰۰٬۰۰۰ باشد.</translation>
    </message>
    <message>
        <source>At most 50 happy hours can be set.</source>
        <translation>حداکثر ۵۰ ساعت طلایی می‌توان تعریف کرد.</translation>
    </message>
    <message>
        <source>The saved earning rules cannot be read.</source>
        <translation>قواعد امتیازگیری ذخیره‌شده خوانده نمی‌شود.</translation>
    </message>
    <message>
        <source>Pick a preset in Settings and save it again.</source>
        <translation>در تنظیمات یک الگوی آماده انتخاب کنید و دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>The receipt could not be printed.</source>
        <translation>رسید چاپ نشد.</translation>
    </message>
    <message>
        <source>The purchase is saved. Check the printer, then press Ctrl+P to print again.</source>
        <translation>خرید ثبت شده است. چاپگر را بررسی کنید، سپس برای چاپ دوباره Ctrl+P را بزنید.</translation>
    </message>
    <message>
        <source>No printer is set up for receipts.</source>
        <translation>هیچ چاپگری برای رسید تنظیم نشده است.</translation>
    </message>
    <message>
        <source>Connect the receipt printer and make it the default, or turn off automatic printing.</source>
        <translation>چاپگر رسید را وصل کنید و آن را پیش‌فرض کنید، یا چاپ خودکار را خاموش کنید.</translation>
    </message>
    <message>
        <source>The receipt PDF could not be written.</source>
        <translation>فایل PDF رسید نوشته نشد.</translation>
    </message>
    <message>
        <source>Choose a folder you can write to, then save again.</source>
        <translation>پوشه‌ای را انتخاب کنید که اجازهٔ نوشتن در آن را دارید، سپس دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>The receipt width must be 58 or 80 mm.</source>
        <translation>عرض رسید باید ۵۸ یا ۸۰ میلی‌متر باشد.</translation>
    </message>
    <message>
        <source>Choose the width of the paper roll in your printer.</source>
        <translation>عرض رول کاغذ چاپگر خود را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Automatic receipt printing must be on or off.</source>
        <translation>چاپ خودکار رسید باید روشن یا خاموش باشد.</translation>
    </message>
    <message>
        <source>A report range needs both --from and --to.</source>
        <translation>بازهٔ گزارش به هر دو گزینهٔ ‎--from‎ و ‎--to‎ نیاز دارد.</translation>
    </message>
    <message>
        <source>Give both Jalali dates, for example --from 1405/01/01 --to 1405/06/31.</source>
        <translation>هر دو تاریخ شمسی را بدهید، مثلاً ‎--from 1405/01/01 --to 1405/06/31‎.</translation>
    </message>
    <message>
        <source>Choose either --period or --from/--to.</source>
        <translation>یا ‎--period‎ را به کار ببرید یا ‎--from/--to‎ را.</translation>
    </message>
    <message>
        <source>Leave one of them out and run it again.</source>
        <translation>یکی از آن‌ها را حذف کنید و دوباره اجرا کنید.</translation>
    </message>
    <message>
        <source>A PIN is needed for this account.</source>
        <translation>این حساب به رمز ورود نیاز دارد.</translation>
    </message>
    <message>
        <source>Give --pin, or set CLUBDESK_NEW_PIN, or run it in a terminal.</source>
        <translation>گزینهٔ ‎--pin‎ را بدهید، یا ‎CLUBDESK_NEW_PIN‎ را تنظیم کنید، یا فرمان را در ترمینال اجرا کنید.</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>دو رمز ورود یکسان نیستند.</translation>
    </message>
    <message>
        <source>The saved club settings cannot be read.</source>
        <translation>تنظیمات ذخیره‌شدهٔ باشگاه مشتریان خوانده نمی‌شود.</translation>
    </message>
    <message>
        <source>Open Settings, check the club&apos;s rules and save them.</source>
        <translation>تنظیمات را باز کنید، قواعد باشگاه را بررسی و دوباره ذخیره کنید.</translation>
    </message>
    <message>
        <source>Enter 0 for never, or for example 6.</source>
        <translation>برای «هرگز» ۰ وارد کنید، یا مثلاً ۶.</translation>
    </message>
    <message>
        <source>Expiry must be a whole number of months, 0 to 120.</source>
        <translation>مدت انقضا باید عددی صحیح از ۰ تا ۱۲۰ ماه باشد.</translation>
    </message>
    <message>
        <source>Cashback must be a percent from 0 to 100.</source>
        <translation>بازگشت اعتبار باید درصدی از ۰ تا ۱۰۰ باشد.</translation>
    </message>
    <message>
        <source>Enter for example 2 or 2.5; 0 turns it off.</source>
        <translation>مثلاً ۲ یا ۲٫۵ وارد کنید؛ ۰ آن را خاموش می‌کند.</translation>
    </message>
    <message>
        <source>The delay must be 0 to 2,160 hours (90 days).</source>
        <translation>مهلت باید از ۰ تا ۲٬۱۶۰ ساعت (۹۰ روز) باشد.</translation>
    </message>
    <message>
        <source>Points can pay at most {share}% of this invoice ({limit} tomans).</source>
        <translation>با امتیاز حداکثر {share}٪ از این فاکتور ({limit} تومان) را می‌توان پرداخت.</translation>
    </message>
    <message>
        <source>Choose a smaller reward, or use it on a larger purchase.</source>
        <translation>جایزهٔ کوچک‌تری انتخاب کنید، یا آن را برای خرید بزرگ‌تری به کار ببرید.</translation>
    </message>
    <message>
        <source>A discount reward needs the invoice amount.</source>
        <translation>جایزهٔ تخفیفی به مبلغ فاکتور نیاز دارد.</translation>
    </message>
    <message>
        <source>Type the purchase amount first, then choose the reward.</source>
        <translation>اول مبلغ خرید را بنویسید، سپس جایزه را انتخاب کنید.</translation>
    </message>
    <message>
        <source>This reward is not in the catalogue any more.</source>
        <translation>این جایزه دیگر در فهرست جایزه‌ها نیست.</translation>
    </message>
    <message>
        <source>Choose another reward from the list.</source>
        <translation>جایزهٔ دیگری از فهرست انتخاب کنید.</translation>
    </message>
    <message>
        <source>A reward needs a name of up to 60 characters.</source>
        <translation>جایزه به نامی تا ۶۰ نویسه نیاز دارد.</translation>
    </message>
    <message>
        <source>Unknown reward type.</source>
        <translation>نوع جایزه ناشناخته است.</translation>
    </message>
    <message>
        <source>A reward must cost 1 to 10,000,000 points.</source>
        <translation>هزینهٔ جایزه باید از ۱ تا ۱۰٬۰۰۰٬۰۰۰ امتیاز باشد.</translation>
    </message>
    <message>
        <source>A percent discount must be from 1 to 100.</source>
        <translation>تخفیف درصدی باید از ۱ تا ۱۰۰ باشد.</translation>
    </message>
    <message>
        <source>A reward&apos;s value must be 1 to 1,000,000,000 tomans.</source>
        <translation>ارزش جایزه باید از ۱ تا ۱٬۰۰۰٬۰۰۰٬۰۰۰ تومان باشد.</translation>
    </message>
    <message>
        <source>A discount cap must be 0 to 1,000,000,000 tomans.</source>
        <translation>سقف تخفیف باید از ۰ تا ۱٬۰۰۰٬۰۰۰٬۰۰۰ تومان باشد.</translation>
    </message>
    <message>
        <source>Enter 0 for no cap.</source>
        <translation>برای «بدون سقف» ۰ وارد کنید.</translation>
    </message>
    <message>
        <source>At most 60 rewards can be offered.</source>
        <translation>حداکثر ۶۰ جایزه می‌توان تعریف کرد.</translation>
    </message>
    <message>
        <source>Every reward needs its own id.</source>
        <translation>هر جایزه باید شناسهٔ جداگانه‌ای داشته باشد.</translation>
    </message>
    <message>
        <source>The share payable with points must be 1 to 100 percent.</source>
        <translation>سهم قابل پرداخت با امتیاز باید از ۱ تا ۱۰۰ درصد باشد.</translation>
    </message>
    <message>
        <source>A point&apos;s value must be 0 or more tomans.</source>
        <translation>ارزش هر امتیاز باید ۰ تومان یا بیشتر باشد.</translation>
    </message>
    <message>
        <source>A level needs a name of up to 20 characters.</source>
        <translation>سطح به نامی تا ۲۰ نویسه نیاز دارد.</translation>
    </message>
    <message>
        <source>A level&apos;s spend must be 0 or more tomans.</source>
        <translation>مبلغ خرید سطح باید ۰ تومان یا بیشتر باشد.</translation>
    </message>
    <message>
        <source>A level&apos;s multiplier must be from 1 to 10.</source>
        <translation>ضریب سطح باید از ۱ تا ۱۰ باشد.</translation>
    </message>
    <message>
        <source>Enter for example 1.5 for half as many again.</source>
        <translation>مثلاً برای یک‌ونیم برابر امتیاز، ۱٫۵ وارد کنید.</translation>
    </message>
    <message>
        <source>At most 10 levels can be set.</source>
        <translation>حداکثر ۱۰ سطح می‌توان تعریف کرد.</translation>
    </message>
    <message>
        <source>Each level needs its own name and its own spend.</source>
        <translation>هر سطح باید نام و مبلغ خرید جداگانه‌ای داشته باشد.</translation>
    </message>
    <message>
        <source>The level window must be 7 to 3,660 days.</source>
        <translation>بازهٔ شمارش سطح باید از ۷ تا ۳٬۶۶۰ روز باشد.</translation>
    </message>
    <message>
        <source>Enter for example 365 for the last year.</source>
        <translation>مثلاً برای یک سال اخیر ۳۶۵ وارد کنید.</translation>
    </message>
    <message>
        <source>Gift points must be a whole number from 0.</source>
        <translation>امتیاز هدیه باید عددی صحیح از ۰ به بالا باشد.</translation>
    </message>
    <message>
        <source>Enter 0 to turn the gift off.</source>
        <translation>برای خاموش کردن هدیه ۰ وارد کنید.</translation>
    </message>
    <message>
        <source>This purchase has already been reversed.</source>
        <translation>این خرید پیش‌تر ابطال شده است.</translation>
    </message>
    <message>
        <source>Nothing more to do: its reversal is in the list.</source>
        <translation>کار دیگری لازم نیست: ابطال آن در فهرست آمده است.</translation>
    </message>
    <message>
        <source>A reversal cannot itself be reversed.</source>
        <translation>ابطال را نمی‌توان دوباره ابطال کرد.</translation>
    </message>
    <message>
        <source>Record the purchase again instead.</source>
        <translation>به‌جای آن، خرید را دوباره ثبت کنید.</translation>
    </message>
    <message>
        <source>Credit can pay at most the rest of the invoice ({limit} tomans).</source>
        <translation>با اعتبار حداکثر باقی‌ماندهٔ فاکتور ({limit} تومان) را می‌توان پرداخت.</translation>
    </message>
    <message>
        <source>Use less credit.</source>
        <translation>اعتبار کمتری استفاده کنید.</translation>
    </message>
    <message>
        <source>Say why the points are being adjusted.</source>
        <translation>دلیل اصلاح امتیاز را بنویسید.</translation>
    </message>
    <message>
        <source>Write a short reason, for example: gift for a complaint.</source>
        <translation>دلیلی کوتاه بنویسید، مثلاً: هدیه بابت شکایت.</translation>
    </message>
    <message>
        <source>An adjustment must be a whole number of points, not 0.</source>
        <translation>مقدار اصلاح باید عددی صحیح و غیر از ۰ باشد.</translation>
    </message>
    <message>
        <source>Type for example 50 to add or -50 to take away.</source>
        <translation>مثلاً برای افزودن ۵۰ و برای کم کردن ۵۰- بنویسید.</translation>
    </message>
    <message>
        <source>Credit to use must be a whole number of tomans.</source>
        <translation>اعتبار مصرفی باید عددی صحیح به تومان باشد.</translation>
    </message>
    <message>
        <source>Type for example 20000, or leave it empty.</source>
        <translation>مثلاً ۲۰۰۰۰ بنویسید، یا آن را خالی بگذارید.</translation>
    </message>
    <message>
        <source>“{entered}” is not a Jalali date.</source>
        <translation>«{entered}» تاریخ شمسی نیست.</translation>
    </message>
    <message>
        <source>Type year/month/day in the Jalali calendar, for example 1405/01/01.</source>
        <translation>تاریخ شمسی را به صورت سال/ماه/روز بنویسید، مثلاً ۱۴۰۵/۰۱/۰۱.</translation>
    </message>
    <message>
        <source>The report starts after it ends.</source>
        <translation>تاریخ شروع گزارش پس از تاریخ پایان آن است.</translation>
    </message>
    <message>
        <source>Pick a start date on or before the end date.</source>
        <translation>تاریخ شروعی برابر یا پیش از تاریخ پایان انتخاب کنید.</translation>
    </message>
    <message>
        <source>A report can cover at most ten years.</source>
        <translation>هر گزارش حداکثر ده سال را در بر می‌گیرد.</translation>
    </message>
    <message>
        <source>Pick a shorter range, for example one fiscal year.</source>
        <translation>بازهٔ کوتاه‌تری انتخاب کنید، مثلاً یک سال مالی.</translation>
    </message>
    <message>
        <source>There is no report period called “{entered}”.</source>
        <translation>دوره‌ای به نام «{entered}» برای گزارش وجود ندارد.</translation>
    </message>
    <message>
        <source>Use this-month, last-month, this-year, last-year, or a from/to range.</source>
        <translation>یکی از ‎this-month‎، ‎last-month‎، ‎this-year‎، ‎last-year‎ یا یک بازهٔ from/to را به کار ببرید.</translation>
    </message>
    <message>
        <source>A report cannot be saved as “{entered}”.</source>
        <translation>گزارش را نمی‌توان به صورت «{entered}» ذخیره کرد.</translation>
    </message>
    <message>
        <source>Save it as an Excel (.xlsx) or PDF (.pdf) file.</source>
        <translation>آن را به صورت فایل اکسل (.xlsx) یا PDF (.pdf) ذخیره کنید.</translation>
    </message>
    <message>
        <source>The report could not be saved to {entered}.</source>
        <translation>گزارش در {entered} ذخیره نشد.</translation>
    </message>
    <message>
        <source>Pick a folder you can write to, and close the file if it is open elsewhere.</source>
        <translation>پوشه‌ای انتخاب کنید که اجازهٔ نوشتن در آن را دارید، و اگر فایل در برنامهٔ دیگری باز است آن را ببندید.</translation>
    </message>
    <message>
        <source>This needs the owner&apos;s PIN.</source>
        <translation>این کار به رمز ورود مالک نیاز دارد.</translation>
    </message>
    <message>
        <source>Ask the owner to type their PIN, then try again.</source>
        <translation>از مالک فروشگاه بخواهید رمز ورود خود را وارد کند، سپس دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The PIN is not right.</source>
        <translation>رمز ورود درست نیست.</translation>
    </message>
    <message>
        <source>Type it again; after 5 wrong tries the account waits a minute.</source>
        <translation>دوباره وارد کنید؛ پس از ۵ بار اشتباه، حساب یک دقیقه قفل می‌ماند.</translation>
    </message>
    <message>
        <source>Too many wrong PINs for {name}.</source>
        <translation>رمز ورود {name} چند بار اشتباه وارد شده است.</translation>
    </message>
    <message>
        <source>Wait {seconds} seconds, then try again.</source>
        <translation>{seconds} ثانیه صبر کنید، سپس دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>A PIN must be 4 to 8 digits.</source>
        <translation>رمز ورود باید ۴ تا ۸ رقم باشد.</translation>
    </message>
    <message>
        <source>Type 4 to 8 digits; not one digit repeated (1111) or a run (1234).</source>
        <translation>۴ تا ۸ رقم وارد کنید؛ نه یک رقم تکراری (۱۱۱۱) و نه رقم‌های پشت سر هم (۱۲۳۴).</translation>
    </message>
    <message>
        <source>This PIN is too easy to guess.</source>
        <translation>حدس زدن این رمز ورود بیش از حد آسان است.</translation>
    </message>
    <message>
        <source>Choose digits that are not all the same (1111) and not a run (1234).</source>
        <translation>رقم‌هایی انتخاب کنید که همه یکسان (۱۱۱۱) یا پشت سر هم (۱۲۳۴) نباشند.</translation>
    </message>
    <message>
        <source>Type the PIN again in both fields.</source>
        <translation>رمز را دوباره در هر دو کادر بنویسید.</translation>
    </message>
    <message>
        <source>An account needs a name of 1 to 60 letters.</source>
        <translation>حساب به نامی از ۱ تا ۶۰ حرف نیاز دارد.</translation>
    </message>
    <message>
        <source>Type the person&apos;s name, for example Sara.</source>
        <translation>نام شخص را بنویسید، مثلاً سارا.</translation>
    </message>
    <message>
        <source>There is already an account called {name}.</source>
        <translation>حسابی به نام {name} از قبل وجود دارد.</translation>
    </message>
    <message>
        <source>Choose another name, or change that one&apos;s PIN.</source>
        <translation>نام دیگری انتخاب کنید، یا رمز ورود همان حساب را تغییر دهید.</translation>
    </message>
    <message>
        <source>There is no account called {name}.</source>
        <translation>حسابی به نام {name} وجود ندارد.</translation>
    </message>
    <message>
        <source>Check the name in the list of accounts.</source>
        <translation>نام را در فهرست حساب‌ها بررسی کنید.</translation>
    </message>
    <message>
        <source>The account {name} is disabled.</source>
        <translation>حساب {name} غیرفعال است.</translation>
    </message>
    <message>
        <source>Ask the owner to enable it in Accounts.</source>
        <translation>از مالک فروشگاه بخواهید آن را در «حساب‌های کاربری» فعال کند.</translation>
    </message>
    <message>
        <source>The first account must be the owner&apos;s.</source>
        <translation>نخستین حساب باید حساب مالک فروشگاه باشد.</translation>
    </message>
    <message>
        <source>Add the owner first; cashiers can be added after that.</source>
        <translation>اول حساب مالک را اضافه کنید؛ صندوق‌دارها را پس از آن می‌توان اضافه کرد.</translation>
    </message>
    <message>
        <source>{name} is the only active owner and cannot be disabled.</source>
        <translation>{name} تنها مالک فعال است و نمی‌توان او را غیرفعال کرد.</translation>
    </message>
    <message>
        <source>Add another owner first, so someone can still approve restricted actions.</source>
        <translation>اول مالک دیگری اضافه کنید تا همچنان کسی بتواند کارهای محدودشده را تأیید کند.</translation>
    </message>
    <message>
        <source>{entered} is not a role.</source>
        <translation>{entered} نقش معتبری نیست.</translation>
    </message>
    <message>
        <source>Choose owner or cashier.</source>
        <translation>مالک یا صندوق‌دار را انتخاب کنید.</translation>
    </message>
    <message>
        <source>The redeem limit must be a whole number of points.</source>
        <translation>سقف خرج امتیاز باید عددی صحیح (امتیاز) باشد.</translation>
    </message>
    <message>
        <source>Type 0 to always ask for the owner&apos;s PIN, or e.g. 500.</source>
        <translation>برای اینکه همیشه رمز ورود مالک پرسیده شود ۰ بنویسید، یا مثلاً ۵۰۰.</translation>
    </message>
    <message>
        <source>The message text is empty.</source>
        <translation>متن پیامک خالی است.</translation>
    </message>
    <message>
        <source>Write the text members should receive.</source>
        <translation>متنی را که اعضا باید دریافت کنند بنویسید.</translation>
    </message>
    <message>
        <source>The message text is {length} characters long; at most {limit} are allowed.</source>
        <translation>متن پیامک {length} نویسه است؛ حداکثر {limit} نویسه مجاز است.</translation>
    </message>
    <message>
        <source>Shorten the text.</source>
        <translation>متن را کوتاه‌تر کنید.</translation>
    </message>
    <message>
        <source>The message uses {{{variable}}}, which is not a variable ClubDesk knows.</source>
        <translation>در پیامک {{{variable}}} آمده است که کلاب‌دسک چنین متغیری نمی‌شناسد.</translation>
    </message>
    <message>
        <source>Use one of {known}, or remove the braces around the word.</source>
        <translation>یکی از {known} را به کار ببرید، یا آکولادهای دور واژه را بردارید.</translation>
    </message>
    <message>
        <source>The message has a brace without its pair.</source>
        <translation>پیامک آکولادی بدون جفت دارد.</translation>
    </message>
    <message>
        <source>Write variables as {{name}}, with one opening and one closing brace.</source>
        <translation>متغیرها را به شکل {{name}} بنویسید، با یک آکولاد باز و یک آکولاد بسته.</translation>
    </message>
    <message>
        <source>The filter of members is not valid.</source>
        <translation>فیلتر اعضا معتبر نیست.</translation>
    </message>
    <message>
        <source>Correct the filter and try again.</source>
        <translation>فیلتر را اصلاح کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>SMS is not set up yet.</source>
        <translation>پیامک هنوز راه‌اندازی نشده است.</translation>
    </message>
    <message>
        <source>Open SMS settings and enter your Kavenegar API key, or choose the vendor&apos;s line.</source>
        <translation>تنظیمات پیامک را باز کنید و کلید API کاوه‌نگار خود را وارد کنید، یا خط فروشنده را انتخاب کنید.</translation>
    </message>
    <message>
        <source>Kavenegar did not accept the API key.</source>
        <translation>کاوه‌نگار کلید API را نپذیرفت.</translation>
    </message>
    <message>
        <source>Copy the key again from your Kavenegar panel into SMS settings.</source>
        <translation>کلید را دوباره از پنل کاوه‌نگار خود در تنظیمات پیامک کپی کنید.</translation>
    </message>
    <message>
        <source>The SMS account has no credit left.</source>
        <translation>حساب پیامک موجودی ندارد.</translation>
    </message>
    <message>
        <source>Top the account up; the waiting messages are sent after that, once.</source>
        <translation>حساب را شارژ کنید؛ پس از آن پیامک‌های در انتظار (فقط یک بار) فرستاده می‌شوند.</translation>
    </message>
    <message>
        <source>The SMS provider refused the sender line.</source>
        <translation>سرویس پیامک خط ارسال را نپذیرفت.</translation>
    </message>
    <message>
        <source>Enter a line number of your Kavenegar account in SMS settings.</source>
        <translation>در تنظیمات پیامک شماره یکی از خط‌های حساب کاوه‌نگار خود را وارد کنید.</translation>
    </message>
    <message>
        <source>The SMS provider cannot be reached.</source>
        <translation>به سرویس پیامک دسترسی نیست.</translation>
    </message>
    <message>
        <source>Messages wait in the queue and go out once the internet connection is back.</source>
        <translation>پیامک‌ها در صف می‌مانند و پس از وصل شدن دوبارهٔ اینترنت فرستاده می‌شوند.</translation>
    </message>
    <message>
        <source>The SMS provider refused: {detail}</source>
        <translation>سرویس پیامک نپذیرفت: {detail}</translation>
    </message>
    <message>
        <source>Check SMS settings, or contact support.</source>
        <translation>تنظیمات پیامک را بررسی کنید یا با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>No member matches the chosen filter.</source>
        <translation>هیچ عضوی با فیلتر انتخاب‌شده جور نیست.</translation>
    </message>
    <message>
        <source>Only members who agreed to receive SMS get campaigns; widen the filter.</source>
        <translation>کمپین فقط برای اعضایی فرستاده می‌شود که با دریافت پیامک موافق‌اند؛ فیلتر را گسترده‌تر کنید.</translation>
    </message>
    <message>
        <source>&apos;Visited in the last&apos; must be 1 to {limit} days.</source>
        <translation>«مراجعه در روزهای اخیر» باید از ۱ تا {limit} روز باشد.</translation>
    </message>
    <message>
        <source>&apos;No visit in the last&apos; must be 1 to {limit} days.</source>
        <translation>«بدون مراجعه در روزهای اخیر» باید از ۱ تا {limit} روز باشد.</translation>
    </message>
    <message>
        <source>&apos;Points expiring within&apos; must be 1 to {limit} days.</source>
        <translation>«امتیاز در حال انقضا» باید از ۱ تا {limit} روز باشد.</translation>
    </message>
    <message>
        <source>&apos;Spent at least&apos; must be a whole number of tomans.</source>
        <translation>«حداقل خرید» باید عددی صحیح به تومان باشد.</translation>
    </message>
    <message>
        <source>&apos;Spent at most&apos; must be a whole number of tomans.</source>
        <translation>«حداکثر خرید» باید عددی صحیح به تومان باشد.</translation>
    </message>
    <message>
        <source>&apos;Spent at least&apos; is more than &apos;Spent at most&apos;.</source>
        <translation>«حداقل خرید» از «حداکثر خرید» بیشتر است.</translation>
    </message>
    <message>
        <source>The birthday month must be 1 to 12.</source>
        <translation>ماه تولد باید از ۱ تا ۱۲ باشد.</translation>
    </message>
    <message>
        <source>&apos;Visited in the last&apos; must be longer than &apos;No visit in the last&apos;, or no member can match.</source>
        <translation>«مراجعه در روزهای اخیر» باید بلندتر از «بدون مراجعه در روزهای اخیر» باشد، وگرنه هیچ عضوی جور درنمی‌آید.</translation>
    </message>
    <message>
        <source>A level is not a name.</source>
        <translation>یکی از سطح‌ها نام معتبری نیست.</translation>
    </message>
    <message>
        <source>The saved filter has an unknown part: {part}.</source>
        <translation>فیلتر ذخیره‌شده بخش ناشناخته‌ای دارد: {part}.</translation>
    </message>
    <message>
        <source>The levels are not a list.</source>
        <translation>سطح‌ها به شکل فهرست نیستند.</translation>
    </message>
    <message>
        <source>Choose your own Kavenegar line or the vendor&apos;s line.</source>
        <translation>خط کاوه‌نگار خودتان یا خط فروشنده را انتخاب کنید.</translation>
    </message>
    <message>
        <source>The sender line must be digits only: {entered}</source>
        <translation>شماره خط ارسال باید فقط رقم باشد: {entered}</translation>
    </message>
    <message>
        <source>Copy the line number from your Kavenegar panel.</source>
        <translation>شماره خط را از پنل کاوه‌نگار خود کپی کنید.</translation>
    </message>
    <message>
        <source>The price per part must be 0 to {limit} rials.</source>
        <translation>بهای هر بخش پیامک باید از ۰ تا {limit} ریال باشد.</translation>
    </message>
    <message>
        <source>The API key could not be stored in this computer&apos;s password store.</source>
        <translation>کلید API در محل نگه‌داری رمزهای این رایانه ذخیره نشد.</translation>
    </message>
    <message>
        <source>Unlock the system keyring (or install one) and enter the key again.</source>
        <translation>قفل جاکلیدی سیستم را باز کنید (یا یکی نصب کنید) و کلید را دوباره وارد کنید.</translation>
    </message>
    <message>
        <source>This does not look like a Kavenegar API key.</source>
        <translation>این به کلید API کاوه‌نگار شباهت ندارد.</translation>
    </message>
    <message>
        <source>Copy the key from the API section of your Kavenegar panel.</source>
        <translation>کلید را از بخش API پنل کاوه‌نگار خود کپی کنید.</translation>
    </message>
    <message>
        <source>The campaign needs a name of at most 120 letters.</source>
        <translation>کمپین به نامی حداکثر ۱۲۰ حرفی نیاز دارد.</translation>
    </message>
    <message>
        <source>Name it so you recognise it later, e.g. Nowruz.</source>
        <translation>نامی بگذارید که بعداً آن را بشناسید، مثلاً نوروز.</translation>
    </message>
    <message>
        <source>&apos;{entered}&apos; is not a whole number of tomans.</source>
        <translation>«{entered}» عدد صحیحی به تومان نیست.</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>چاپگر راه‌اندازی نشد.</translation>
    </message>
    <message>
        <source>Check it and try again.</source>
        <translation>آن را بررسی کنید و دوباره تلاش کنید.</translation>
    </message>
    <message>
        <source>The self-test found problems: {problems}.</source>
        <translation>خودآزمایی مشکلاتی پیدا کرد: {problems}.</translation>
    </message>
    <message>
        <source>Reinstall ClubDesk; if that does not help, send this output to support.</source>
        <translation>کلاب‌دسک را دوباره نصب کنید؛ اگر مشکل برطرف نشد، این خروجی را برای پشتیبانی بفرستید.</translation>
    </message>
    <message>
        <source>The business details are not valid.</source>
        <translation>مشخصات کسب‌وکار معتبر نیست.</translation>
    </message>
    <message>
        <source>Correct the field shown and try again.</source>
        <translation>کادر نشان‌داده‌شده را اصلاح کنید و دوباره امتحان کنید.</translation>
    </message>
    <message>
        <source>The logo is not a picture ClubDesk can read.</source>
        <translation>نشان، تصویری نیست که کلاب‌دسک بتواند بخواند.</translation>
    </message>
    <message>
        <source>Choose a PNG or JPEG picture of the logo.</source>
        <translation>یک تصویر PNG یا JPEG از نشان برگزینید.</translation>
    </message>
    <message>
        <source>A company&apos;s national id has 1 to 11 digits.</source>
        <translation>شناسهٔ ملی شرکت ۱ تا ۱۱ رقم دارد.</translation>
    </message>
    <message>
        <source>Type the id printed on the company&apos;s papers.</source>
        <translation>شناسهٔ چاپ‌شده در مدارک شرکت را بنویسید.</translation>
    </message>
    <message>
        <source>This is not a valid 10-digit national code.</source>
        <translation>این کد ملی ۱۰ رقمی معتبر نیست.</translation>
    </message>
    <message>
        <source>Check the digits on the national card.</source>
        <translation>رقم‌های کارت ملی را بررسی کنید.</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <translation>پر کردن این کادر لازم است.</translation>
    </message>
    <message>
        <source>Fill it in, then continue.</source>
        <translation>آن را پر کنید، سپس ادامه دهید.</translation>
    </message>
    <message>
        <source>This field is too long (at most {max_len} characters).</source>
        <translation>این کادر بیش از اندازه بلند است (حداکثر {max_len} نویسه).</translation>
    </message>
    <message>
        <source>Shorten it, then continue.</source>
        <translation>کوتاه‌ترش کنید، سپس ادامه دهید.</translation>
    </message>
    <message>
        <source>This is not a valid Iranian phone number.</source>
        <translation>این شمارهٔ تلفن ایرانی معتبر نیست.</translation>
    </message>
    <message>
        <source>Type a landline with its area code (021 8888 1234) or a mobile number.</source>
        <translation>تلفن ثابت را با پیش‌شماره (۰۲۱ ۸۸۸۸ ۱۲۳۴) یا یک شمارهٔ موبایل بنویسید.</translation>
    </message>
    <message>
        <source>The logo is too large ({size} KB; at most {limit} KB).</source>
        <translation>نشان بیش از اندازه بزرگ است ({size} کیلوبایت؛ حداکثر {limit} کیلوبایت).</translation>
    </message>
    <message>
        <source>Choose a smaller picture.</source>
        <translation>تصویر کوچک‌تری برگزینید.</translation>
    </message>
    <message>
        <source>{version!r} is not a version number.</source>
        <translation>{version!r} شمارهٔ نسخه نیست.</translation>
    </message>
    <message>
        <source>Write it as numbers with dots, for example 1.4.2.</source>
        <translation>آن را با عدد و نقطه بنویسید، مثلاً 1.4.2.</translation>
    </message>
    <message>
        <source>The downloaded installer does not match the one the vendor published, so it was deleted and not run.</source>
        <translation>فایل نصب دریافت‌شده با فایلی که فروشنده منتشر کرده یکی نیست؛ پس پاک شد و اجرا نشد.</translation>
    </message>
    <message>
        <source>The file was damaged or changed on the way. Try again later; if it happens again, contact support.</source>
        <translation>فایل در راه آسیب دیده یا تغییر کرده است. بعداً دوباره امتحان کنید؛ اگر باز هم پیش آمد، با پشتیبانی تماس بگیرید.</translation>
    </message>
    <message>
        <source>The update could not be downloaded.</source>
        <translation>به‌روزرسانی دریافت نشد.</translation>
    </message>
    <message>
        <source>Check the internet connection and try again; ClubDesk keeps working meanwhile.</source>
        <translation>اتصال اینترنت را بررسی کنید و دوباره امتحان کنید؛ کلاب‌دسک در این مدت کار می‌کند.</translation>
    </message>
</context>
<context>
    <name>import</name>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>نام خانوادگی</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>تاریخ تولد</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>جنسیت</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>یادداشت</translation>
    </message>
    <message>
        <source>SMS consent</source>
        <translation>رضایت پیامک</translation>
    </message>
    <message>
        <source>(skip this column)</source>
        <translation>(این ستون وارد نشود)</translation>
    </message>
    <message>
        <source>No mobile number</source>
        <translation>شماره موبایل ندارد</translation>
    </message>
    <message>
        <source>Not a valid Iranian mobile number</source>
        <translation>شماره موبایل ایرانی معتبر نیست</translation>
    </message>
    <message>
        <source>Same mobile as an earlier row</source>
        <translation>موبایل تکراری (در ردیف‌های قبلی آمده)</translation>
    </message>
    <message>
        <source>Already a member (left unchanged)</source>
        <translation>از قبل عضو است (تغییری نکرد)</translation>
    </message>
    <message>
        <source>Birthday is not a valid date</source>
        <translation>تاریخ تولد معتبر نیست</translation>
    </message>
    <message>
        <source>Name missing or longer than 60 letters</source>
        <translation>نام ندارد یا بیش از ۶۰ حرف است</translation>
    </message>
    <message>
        <source>Note longer than 500 characters</source>
        <translation>یادداشت بیش از ۵۰۰ نویسه است</translation>
    </message>
</context>
<context>
    <name>licence</name>
    <message>
        <source>This computer has no licence yet.</source>
        <translation>این رایانه هنوز مجوز ندارد.</translation>
    </message>
    <message>
        <source>The licence package has expired.</source>
        <translation>بسته مجوز منقضی شده است.</translation>
    </message>
    <message>
        <source>The licence was revoked by the vendor.</source>
        <translation>مجوز از سوی فروشنده باطل شده است.</translation>
    </message>
    <message>
        <source>The licence is suspended by the vendor.</source>
        <translation>مجوز از سوی فروشنده معلق شده است.</translation>
    </message>
    <message>
        <source>The licence file on this computer is damaged or was changed.</source>
        <translation>پرونده مجوز روی این رایانه آسیب دیده یا تغییر کرده است.</translation>
    </message>
    <message>
        <source>The licence file belongs to another computer.</source>
        <translation>پرونده مجوز متعلق به رایانه دیگری است.</translation>
    </message>
    <message>
        <source>The licence could not be checked for too long (no connection).</source>
        <translation>مجوز برای مدتی طولانی بررسی نشده است (بدون اتصال).</translation>
    </message>
    <message>
        <source>The computer&apos;s clock was moved back; the licence must be checked online.</source>
        <translation>ساعت رایانه به عقب برگردانده شده است؛ مجوز باید به‌صورت آنلاین بررسی شود.</translation>
    </message>
</context>
<context>
    <name>months</name>
    <message>
        <source>Farvardin</source>
        <translation>فروردین</translation>
    </message>
    <message>
        <source>Ordibehesht</source>
        <translation>اردیبهشت</translation>
    </message>
    <message>
        <source>Khordad</source>
        <translation>خرداد</translation>
    </message>
    <message>
        <source>Tir</source>
        <translation>تیر</translation>
    </message>
    <message>
        <source>Mordad</source>
        <translation>مرداد</translation>
    </message>
    <message>
        <source>Shahrivar</source>
        <translation>شهریور</translation>
    </message>
    <message>
        <source>Mehr</source>
        <translation>مهر</translation>
    </message>
    <message>
        <source>Aban</source>
        <translation>آبان</translation>
    </message>
    <message>
        <source>Azar</source>
        <translation>آذر</translation>
    </message>
    <message>
        <source>Dey</source>
        <translation>دی</translation>
    </message>
    <message>
        <source>Bahman</source>
        <translation>بهمن</translation>
    </message>
    <message>
        <source>Esfand</source>
        <translation>اسفند</translation>
    </message>
</context>
<context>
    <name>ops</name>
    <message>
        <source>ClubDesk</source>
        <translation>کلاب‌دسک</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>انصراف</translation>
    </message>
</context>
<context>
    <name>programme</name>
    <message>
        <source>Saturday</source>
        <translation>شنبه</translation>
    </message>
    <message>
        <source>Sunday</source>
        <translation>یکشنبه</translation>
    </message>
    <message>
        <source>Monday</source>
        <translation>دوشنبه</translation>
    </message>
    <message>
        <source>Tuesday</source>
        <translation>سه‌شنبه</translation>
    </message>
    <message>
        <source>Wednesday</source>
        <translation>چهارشنبه</translation>
    </message>
    <message>
        <source>Thursday</source>
        <translation>پنجشنبه</translation>
    </message>
    <message>
        <source>Friday</source>
        <translation>جمعه</translation>
    </message>
    <message>
        <source>Simple: 1 point per 10,000 tomans</source>
        <translation>ساده: ۱ امتیاز برای هر ۱۰٬۰۰۰ تومان</translation>
    </message>
    <message>
        <source>Café: 5 points a visit, double points 15–17</source>
        <translation>کافه: ۵ امتیاز هر مراجعه، امتیاز دوبرابر ۱۵ تا ۱۷</translation>
    </message>
    <message>
        <source>Boutique: from 500,000 tomans, 50 points to join</source>
        <translation>بوتیک: خرید از ۵۰۰٬۰۰۰ تومان، ۵۰ امتیاز هدیهٔ عضویت</translation>
    </message>
    <message>
        <source>Discount in tomans</source>
        <translation>تخفیف تومانی</translation>
    </message>
    <message>
        <source>Percent discount</source>
        <translation>تخفیف درصدی</translation>
    </message>
    <message>
        <source>Free item</source>
        <translation>کالای رایگان</translation>
    </message>
    <message>
        <source>Wallet credit</source>
        <translation>اعتبار کیف پول</translation>
    </message>
</context>
<context>
    <name>receipt</name>
    <message>
        <source>Purchase</source>
        <translation>مبلغ خرید</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>امتیاز این خرید</translation>
    </message>
    <message>
        <source>For the amount</source>
        <translation>برای مبلغ</translation>
    </message>
    <message>
        <source>Happy hour</source>
        <translation>ساعت طلایی</translation>
    </message>
    <message>
        <source>For the visit</source>
        <translation>برای مراجعه</translation>
    </message>
    <message>
        <source>Level bonus</source>
        <translation>پاداش سطح</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>جایزه</translation>
    </message>
    <message>
        <source>Points spent</source>
        <translation>امتیاز خرج‌شده</translation>
    </message>
    <message>
        <source>Paid with credit</source>
        <translation>پرداخت با اعتبار</translation>
    </message>
    <message>
        <source>To pay</source>
        <translation>قابل پرداخت</translation>
    </message>
    <message>
        <source>Credit earned</source>
        <translation>اعتبار این خرید</translation>
    </message>
    <message>
        <source>Wallet credit</source>
        <translation>اعتبار کیف پول</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>مانده امتیاز</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>عضو</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>تاریخ</translation>
    </message>
    <message>
        <source>Thank you for your purchase</source>
        <translation>از خرید شما سپاسگزاریم</translation>
    </message>
</context>
<context>
    <name>renewal</name>
    <message>
        <source>Waiting for the bank</source>
        <translation>در انتظار بانک</translation>
    </message>
    <message>
        <source>Paid, being applied</source>
        <translation>پرداخت شده، در حال اعمال</translation>
    </message>
    <message>
        <source>Paid, licence renewed</source>
        <translation>پرداخت شده، مجوز تمدید شد</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>پرداخت نشد</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>لغو شد</translation>
    </message>
    <message>
        <source>Amount did not match</source>
        <translation>مبلغ مطابقت نداشت</translation>
    </message>
    <message>
        <source>Not confirmed in time</source>
        <translation>به‌موقع تأیید نشد</translation>
    </message>
    <message>
        <source>The bank reported that the payment was not completed. The licence was not renewed.</source>
        <translation>بانک اعلام کرد که پرداخت کامل نشد. مجوز تمدید نشد.</translation>
    </message>
    <message>
        <source>The payment was cancelled at the bank&apos;s page. The licence was not renewed.</source>
        <translation>پرداخت در صفحه بانک لغو شد. مجوز تمدید نشد.</translation>
    </message>
    <message>
        <source>The bank reported a different amount than the plan&apos;s price, so the licence was not renewed. Support will check this payment.</source>
        <translation>بانک مبلغی متفاوت با قیمت بسته گزارش کرد، بنابراین مجوز تمدید نشد. پشتیبانی این پرداخت را بررسی می‌کند.</translation>
    </message>
    <message>
        <source>The bank did not confirm the payment in time. The licence was not renewed.</source>
        <translation>بانک پرداخت را به‌موقع تأیید نکرد. مجوز تمدید نشد.</translation>
    </message>
    <message>
        <source>If money was taken from your account, the bank returns it within 72 hours (by %1). If it has not come back by then, send the payment&apos;s details to support.</source>
        <translation>اگر مبلغی از حساب شما کم شده است، بانک آن را ظرف ۷۲ ساعت (تا %1) به حساب شما برمی‌گرداند. اگر تا آن زمان برنگشت، جزئیات پرداخت را برای پشتیبانی بفرستید.</translation>
    </message>
    <message>
        <source>72 hours have passed since this payment. If money was taken from your account and has not come back, send the payment&apos;s details to support.</source>
        <translation>۷۲ ساعت از این پرداخت گذشته است. اگر مبلغی از حساب شما کم شده و برنگشته است، جزئیات پرداخت را برای پشتیبانی بفرستید.</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>This month</source>
        <translation>این ماه</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>ماه گذشته</translation>
    </message>
    <message>
        <source>This fiscal year</source>
        <translation>سال مالی جاری</translation>
    </message>
    <message>
        <source>Last fiscal year</source>
        <translation>سال مالی گذشته</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>بازهٔ دلخواه</translation>
    </message>
    <message>
        <source>New members</source>
        <translation>اعضای تازه</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>مراجعه‌ها</translation>
    </message>
    <message>
        <source>Sales through the club (tomans)</source>
        <translation>فروش از طریق باشگاه (تومان)</translation>
    </message>
    <message>
        <source>Discounts (tomans)</source>
        <translation>تخفیف‌ها (تومان)</translation>
    </message>
    <message>
        <source>Points issued</source>
        <translation>امتیاز داده‌شده</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>امتیاز خرج‌شده</translation>
    </message>
    <message>
        <source>Points expired</source>
        <translation>امتیاز منقضی‌شده</translation>
    </message>
    <message>
        <source>Points reversed</source>
        <translation>امتیاز ابطال‌شده</translation>
    </message>
    <message>
        <source>Credit issued (tomans)</source>
        <translation>اعتبار داده‌شده (تومان)</translation>
    </message>
    <message>
        <source>Credit used (tomans)</source>
        <translation>اعتبار مصرف‌شده (تومان)</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>دوره</translation>
    </message>
    <message>
        <source>Generated at (UTC)</source>
        <translation>زمان تهیه (UTC)</translation>
    </message>
    <message>
        <source>Unspent points</source>
        <translation>امتیاز خرج‌نشده</translation>
    </message>
    <message>
        <source>Tomans per point</source>
        <translation>ارزش هر امتیاز (تومان)</translation>
    </message>
    <message>
        <source>Unspent credit (tomans)</source>
        <translation>اعتبار خرج‌نشده (تومان)</translation>
    </message>
    <message>
        <source>Outstanding liability (tomans)</source>
        <translation>بدهی باقی‌مانده به مشتریان (تومان)</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>ماه</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>جمع</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>موبایل</translation>
    </message>
    <message>
        <source>Spent (tomans)</source>
        <translation>خرید (تومان)</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>امتیاز گرفته‌شده</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>سطح</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>اعضا</translation>
    </message>
    <message>
        <source>No level</source>
        <translation>بدون سطح</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>خلاصه</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>ماه‌ها</translation>
    </message>
    <message>
        <source>Top customers</source>
        <translation>مشتریان برتر</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>سطح‌ها</translation>
    </message>
    <message>
        <source>Club report</source>
        <translation>گزارش باشگاه مشتریان</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>آمار</translation>
    </message>
    <message>
        <source>By month</source>
        <translation>ماه به ماه</translation>
    </message>
    <message>
        <source>Billion tomans</source>
        <translation>میلیارد تومان</translation>
    </message>
    <message>
        <source>Million tomans</source>
        <translation>میلیون تومان</translation>
    </message>
    <message>
        <source>Thousand tomans</source>
        <translation>هزار تومان</translation>
    </message>
    <message>
        <source>Tomans</source>
        <translation>تومان</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>change the settings</source>
        <translation>تغییر تنظیمات</translation>
    </message>
    <message>
        <source>adjust points by hand</source>
        <translation>اصلاح دستی امتیاز</translation>
    </message>
    <message>
        <source>export data</source>
        <translation>خروجی گرفتن از داده‌ها</translation>
    </message>
    <message>
        <source>import members</source>
        <translation>ورود اعضا از فایل</translation>
    </message>
    <message>
        <source>redeem more than the limit</source>
        <translation>خرج امتیاز بیش از سقف</translation>
    </message>
    <message>
        <source>reverse an older purchase</source>
        <translation>ابطال خرید قدیمی‌تر</translation>
    </message>
    <message>
        <source>merge members</source>
        <translation>یکی‌کردن اعضا</translation>
    </message>
    <message>
        <source>manage accounts</source>
        <translation>مدیریت حساب‌های کاربری</translation>
    </message>
    <message>
        <source>send an SMS campaign</source>
        <translation>ارسال کمپین پیامکی</translation>
    </message>
    <message>
        <source>view the audit log</source>
        <translation>دیدن گزارش رویدادها</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>مالک</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>صندوق‌دار</translation>
    </message>
</context>
<context>
    <name>support</name>
    <message>
        <source>A question or a problem</source>
        <translation>پرسش یا مشکل</translation>
    </message>
    <message>
        <source>A payment</source>
        <translation>پرداخت</translation>
    </message>
    <message>
        <source>Remove my shop from the public customer list</source>
        <translation>حذف فروشگاه من از فهرست عمومی مشتریان</translation>
    </message>
    <message>
        <source>Waiting for support</source>
        <translation>در انتظار پشتیبانی</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>پاسخ داده شد</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>بسته شد</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>Cloud sync: not synced yet</source>
        <translation>همگام‌سازی ابری: هنوز همگام نشده</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>همگام شد {time}</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} در انتظار</translation>
    </message>
    <message>
        <source>{count} to check</source>
        <translation>{count} برای بررسی</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>آفلاین</translation>
    </message>
    <message>
        <source>paused: licence</source>
        <translation>متوقف: مجوز</translation>
    </message>
    <message>
        <source>failed (see the log)</source>
        <translation>ناموفق (گزارش را ببینید)</translation>
    </message>
    <message>
        <source>a member</source>
        <translation>یک عضو</translation>
    </message>
    <message>
        <source>{who}: points below zero ({balance}) after merging counters — {when}</source>
        <translation>{who}: امتیاز زیر صفر ({balance}) پس از یکی شدن صندوق‌ها — {when}</translation>
    </message>
    <message>
        <source>{who}: a change from another counter could not be read — {when}</source>
        <translation>{who}: تغییری از صندوق دیگر خوانده نشد — {when}</translation>
    </message>
</context>
</TS>
