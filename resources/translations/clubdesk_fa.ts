<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fa" sourcelanguage="en">
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
        <source>Quit</source>
        <translation>خروج</translation>
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
        <source>ClubDesk %1
Customer club for shop counters.
Data folder: %2</source>
        <translation>کلاب‌دسک %1
باشگاه مشتریان برای پیشخوان فروشگاه.
پوشه داده‌ها: %2</translation>
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
        <source>No purchases yet.</source>
        <translation>هنوز خریدی ثبت نشده است.</translation>
    </message>
    <message>
        <source>%1 earns %2 points</source>
        <translation>%1: %2 امتیاز می‌گیرد</translation>
    </message>
    <message>
        <source>%1 recorded: +%2 points. Balance: %3 points.</source>
        <translation>%1 ثبت شد: %2+ امتیاز. مانده: %3 امتیاز.</translation>
    </message>
    <message>
        <source>Points redeemed. Balance: %1 points.</source>
        <translation>امتیاز خرج شد. مانده: %1 امتیاز.</translation>
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
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>تنظیمات</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>زبان</translation>
    </message>
    <message>
        <source>Tomans for one point</source>
        <translation>تومان به ازای هر امتیاز</translation>
    </message>
    <message>
        <source>A %1 purchase earns %2 points.</source>
        <translation>خریدی به مبلغ %1، %2 امتیاز می‌گیرد.</translation>
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
        <source>No member has this mobile number.</source>
        <translation>عضوی با این شماره موبایل نیست.</translation>
    </message>
    <message>
        <source>Check the number or register the member first.</source>
        <translation>شماره را بررسی کنید یا ابتدا عضو را ثبت‌نام کنید.</translation>
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
        <source>This member is no longer on this device.</source>
        <translation>این عضو دیگر روی این دستگاه نیست.</translation>
    </message>
    <message>
        <source>Search for the member again.</source>
        <translation>دوباره عضو را جستجو کنید.</translation>
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
        <source>The subject or the message is empty or too long.</source>
        <translation>عنوان یا پیام خالی یا بیش از اندازه بلند است.</translation>
    </message>
    <message>
        <source>Write a subject of at most 200 letters and a message of at most 5000.</source>
        <translation>عنوانی تا ۲۰۰ حرف و پیامی تا ۵۰۰۰ حرف بنویسید.</translation>
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
</TS>
